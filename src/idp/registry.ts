// The dialect of each provider a directory can be created with; unknown providers speak plain RFC.
import type { Dialect } from './dialect.ts';
import { entraDialect } from './entra.ts';
import { genericDialect } from './generic.ts';
import { googleDialect } from './google.ts';
import { jumpcloudDialect } from './jumpcloud.ts';
import { oktaDialect } from './okta.ts';
import { oneloginDialect } from './onelogin.ts';
import { pingDialect } from './ping.ts';
import { ripplingDialect } from './rippling.ts';

/** Every dialect, by the `provider` value of a directory (design.md, "Contracts"). */
export const DIALECTS: Readonly<Record<string, Dialect>> = {
  okta: oktaDialect,
  entra: entraDialect,
  onelogin: oneloginDialect,
  jumpcloud: jumpcloudDialect,
  ping: pingDialect,
  rippling: ripplingDialect,
  google: googleDialect,
  generic: genericDialect,
};

/** The dialect of a directory's provider; a provider Roster has no profile for gets the generic one. */
export function dialectFor(provider: string): Dialect {
  return Object.hasOwn(DIALECTS, provider) ? (DIALECTS[provider] as Dialect) : genericDialect;
}
