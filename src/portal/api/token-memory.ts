// A SCIM token is shown once: it stays in this tab's memory only, so the setup guide can show it after the page changes.
const shown = new Map<string, string>();

export function rememberToken(directoryId: string, token: string): void {
  shown.set(directoryId, token);
}

export function recalledToken(directoryId: string): string | undefined {
  return shown.get(directoryId);
}
