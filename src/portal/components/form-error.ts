// Forms keep the server's error as an Error (ErrorNote shows its message and hint).
export function asError(err: unknown): Error {
  return err instanceof Error ? err : new Error(String(err));
}
