// Roster listening on a real port, with one SCIM directory per provider, for the validator to run against.
import type { AddressInfo } from 'node:net';
import { startTestApp, type TestApp, type TestDirectory } from '../helpers/test-app.ts';

export interface RosterTarget {
  t: TestApp;
  origin: string;
  directory(provider: string): Promise<TestDirectory & { scimBaseUrl: string }>;
  close(): Promise<void>;
}

export async function startRosterTarget(): Promise<RosterTarget> {
  const t = await startTestApp();
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  const origin = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
  return {
    t,
    origin,
    async directory(provider) {
      const d = await t.createDirectory(provider);
      return { ...d, scimBaseUrl: `${origin}${d.base}` };
    },
    close: () => t.close(),
  };
}
