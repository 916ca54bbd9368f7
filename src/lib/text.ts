// Small text helpers shared by layers that render messages.

/**
 * The text without the full stops it ends with. A loop, not `/\.+$/`: that regex restarts at every
 * dot of a run, so a message quoting 100,000 dots from a client took three seconds of event loop
 * (found by test/fuzz, twice: in the SCIM error body, then in a directory's last-error line).
 */
export function withoutTrailingDots(text: string): string {
  let end = text.length;
  while (end > 0 && text.charCodeAt(end - 1) === 0x2e) end--;
  return text.slice(0, end);
}
