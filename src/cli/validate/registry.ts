// Every check, in the order they run: discovery first, since later checks read what it advertises.
import type { Check, Idp } from './check.ts';
import { discoveryChecks } from './checks/discovery.ts';
import { entraChecks } from './checks/entra.ts';
import { errorChecks } from './checks/errors.ts';
import { filterChecks } from './checks/filters.ts';
import { groupChecks } from './checks/groups.ts';
import { oktaChecks } from './checks/okta.ts';
import { pagingChecks } from './checks/paging.ts';
import { userChecks } from './checks/users.ts';

export const CHECKS: readonly Check[] = [
  ...discoveryChecks,
  ...userChecks,
  ...groupChecks,
  ...filterChecks,
  ...pagingChecks,
  ...errorChecks,
  ...oktaChecks,
  ...entraChecks,
];

/** The checks an IdP's own validation would make; `generic` runs both dialects and the RFC-only checks. */
export function checksFor(idp: Idp, only?: readonly string[]): Check[] {
  return CHECKS.filter((c) => c.idps.includes(idp) && (!only?.length || only.some((o) => c.id === o || c.id.startsWith(`${o}.`))));
}
