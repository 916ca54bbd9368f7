// Dates the portal's forms ask for and show: a datetime-local field is the browser's local time; the API speaks ISO 8601 UTC.

/** The value of a datetime-local input for an ISO time (local time, to the minute). */
export function toLocalInput(iso: string | null | undefined): string {
  if (!iso) return '';
  const d = new Date(iso);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** An ISO time for a datetime-local value; null when empty (no end). */
export function fromLocalInput(value: string): string | null {
  if (!value) return null;
  const d = new Date(value);
  return Number.isNaN(d.getTime()) ? null : d.toISOString();
}

/** "31 Mar 2027, 18:00": an end date people compare with a calendar, not "in 4 months". */
export function exactTime(iso: string): string {
  return new Date(iso).toLocaleString('en-GB', { day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit' });
}

/** The datetime-local value `days` from now, as a sensible default end date. */
export function daysFromNow(days: number): string {
  return toLocalInput(new Date(Date.now() + days * 86400_000).toISOString());
}
