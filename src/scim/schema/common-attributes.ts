// The attributes every resource carries: id, externalId, meta (RFC 7643 §3.1).
import type { AttributeDef } from './attribute.ts';
import { attribute, complex } from './define-attribute.ts';

// Everything in meta is written by the server, never by a client (RFC 7643 §3.1).
const meta = complex(
  'meta',
  'A complex attribute containing resource metadata.',
  [
    attribute('resourceType', 'string', 'The name of the resource type of the resource.', { mutability: 'readOnly', caseExact: true }),
    attribute('created', 'dateTime', 'The date and time the resource was added to the service provider.', { mutability: 'readOnly' }),
    attribute('lastModified', 'dateTime', 'The most recent date and time that the details of this resource were updated.', {
      mutability: 'readOnly',
    }),
    attribute('location', 'reference', 'The URI of the resource being returned.', { mutability: 'readOnly', referenceTypes: ['uri'] }),
    attribute('version', 'string', 'The version (ETag) of the resource being returned.', { mutability: 'readOnly', caseExact: true }),
  ],
  { mutability: 'readOnly' },
);

/** id, externalId and meta, with the characteristics RFC 7643 §3.1 gives them. */
export const COMMON_ATTRIBUTES: readonly AttributeDef[] = [
  attribute('id', 'string', 'A unique identifier for a SCIM resource as defined by the service provider.', {
    caseExact: true,
    mutability: 'readOnly',
    returned: 'always',
    uniqueness: 'server',
  }),
  attribute('externalId', 'string', 'A String that is an identifier for the resource as defined by the provisioning client.', {
    caseExact: true,
  }),
  meta,
];
