// How an identity provider bends SCIM, as data the HTTP layer consults; one entry per provider.
export interface Dialect {
  provider: string;
  /**
   * What a successful PATCH answers. RFC 7644 §3.5.2 allows 200 with the resource or 204;
   * Microsoft Entra asks for 204 ("returning a body with all the members isn't advisable").
   */
  patchResponse: 'resource' | 'no-content';
}

const GENERIC: Dialect = { provider: 'generic', patchResponse: 'resource' };

const DIALECTS: Record<string, Dialect> = {
  entra: { provider: 'entra', patchResponse: 'no-content' },
};

/** The dialect of a directory's provider; unknown providers speak plain RFC. */
export function dialectFor(provider: string): Dialect {
  return DIALECTS[provider] ?? { ...GENERIC, provider };
}
