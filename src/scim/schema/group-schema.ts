// The core Group schema, urn:ietf:params:scim:schemas:core:2.0:Group (RFC 7643 §4.2, §8.7.1).
import type { SchemaDef } from './attribute.ts';
import { attribute, complex } from './define-attribute.ts';

// Members may be added and removed (the attribute is readWrite), but §4.2 makes each member's
// sub-attributes immutable: a member is replaced, never edited in place.
const members = complex(
  'members',
  'A list of members of the Group.',
  [
    attribute('value', 'string', 'Identifier of the member of this Group.', { mutability: 'immutable' }),
    attribute('$ref', 'reference', 'The URI corresponding to a SCIM resource that is a member of this Group.', {
      mutability: 'immutable',
      referenceTypes: ['User', 'Group'],
    }),
    attribute('display', 'string', 'A human-readable name of the member, primarily used for display purposes.', {
      mutability: 'immutable',
    }),
    attribute('type', 'string', "A label indicating the type of resource, e.g., 'User' or 'Group'.", {
      mutability: 'immutable',
      canonicalValues: ['User', 'Group'],
    }),
  ],
  { multiValued: true },
);

/**
 * The Group core schema per RFC 7643 §4.2 and §8.7.1. displayName is required as §4.2 says
 * ("REQUIRED"); §8.7.1 prints `"required": false`, but a nameless group is useless to every app.
 */
export const GROUP_SCHEMA: SchemaDef = {
  id: 'urn:ietf:params:scim:schemas:core:2.0:Group',
  name: 'Group',
  description: 'Group',
  attributes: [attribute('displayName', 'string', 'A human-readable name for the Group.', { required: true }), members],
};
