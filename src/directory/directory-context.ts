// What every directory operation needs to know about its directory and how it is addressed.
import type { DirectoryResources } from '../scim/schema/directory-resources.ts';

export type ExternalDomainPolicy = 'allow' | 'hold' | 'reject';

export interface DirectoryContext {
  directoryId: string;
  organizationId: string;
  provider: string;
  /** The provider as an IT admin names it ("Okta", "Microsoft Entra ID"), for messages. */
  providerLabel: string;
  deprovisionRule: 'deactivate' | 'delete';
  /** Unknown attributes: ignored with a warning (lenient) or refused (strict). */
  attributeMode: 'lenient' | 'strict';
  /** false: the SCIM password is dropped before anything else (no scrypt, nothing stored). */
  storePasswords: boolean;
  /** `{origin}/scim/v2/{directoryId}`, for meta.location and $ref. */
  scimBaseUrl: string;
  /** The organization's email domains; empty accepts every domain. */
  domains: readonly string[];
  /** What to do with a new user whose email domain is not one of `domains`. */
  externalDomainPolicy: ExternalDomainPolicy;
  /** User and Group as this directory serves them: the built-in schemas plus its custom extensions. */
  resources: DirectoryResources;
  /** The directory's attribute-mapping version (docs/mapping.md): the key of its cached mapping. */
  mappingVersion?: number;
}
