// Canonical casing of SCIM endpoint names, so `/users` and Microsoft's `/serviceConfiguration` route like `/Users`.
const ENDPOINTS: Record<string, string> = {
  users: 'Users',
  groups: 'Groups',
  bulk: 'Bulk',
  me: 'Me',
  schemas: 'Schemas',
  resourcetypes: 'ResourceTypes',
  serviceproviderconfig: 'ServiceProviderConfig',
  serviceproviderconfigs: 'ServiceProviderConfig',
  serviceconfiguration: 'ServiceProviderConfig',
  '.search': '.search',
};

const SCIM_PATH = /^\/scim\/v2\/([^/?]+)\/([^/?]+)(.*)$/i;

/** RFC 7644 §3.10 makes attribute names case-insensitive; real clients extend that to endpoints. */
export function canonicalScimUrl(url: string): string {
  const match = SCIM_PATH.exec(url);
  if (!match) return url;
  const [, directory, segment, rest] = match;
  const canonical = ENDPOINTS[(segment ?? '').toLowerCase()];
  if (!canonical) return url;
  let tail = rest ?? '';
  // `/Users/.search` keeps its lower-case action whatever the client wrote.
  tail = tail.replace(/^\/\.search(?=$|[/?])/i, '/.search');
  return `/scim/v2/${directory}/${canonical}${tail}`;
}
