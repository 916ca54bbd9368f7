// What every directory operation needs to know about its directory and how it is addressed.
export interface DirectoryContext {
  directoryId: string;
  organizationId: string;
  provider: string;
  deprovisionRule: 'deactivate' | 'delete';
  /** `{origin}/scim/v2/{directoryId}`, for meta.location and $ref. */
  scimBaseUrl: string;
}
