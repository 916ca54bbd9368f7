// SCIM filters the list pages send to the read API (RFC 7644 §3.4.2.2): values quoted and escaped.
export function quote(value: string): string {
  return `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

/** A user search: the text anywhere in the userName, display name or an email. */
export function userFilter(search: string, groupId: string): string | undefined {
  const parts: string[] = [];
  const q = search.trim();
  if (q) parts.push(`(userName co ${quote(q)} or displayName co ${quote(q)} or emails.value co ${quote(q)})`);
  if (groupId) parts.push(`groups.value eq ${quote(groupId)}`);
  return parts.length ? parts.join(' and ') : undefined;
}

export function groupFilter(search: string): string | undefined {
  const q = search.trim();
  return q ? `displayName co ${quote(q)}` : undefined;
}
