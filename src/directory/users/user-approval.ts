// Approval of held users (external email domains under the `hold` policy): approve makes them the app's.
import { RosterError } from '../../errors.ts';
import { isUuid } from '../../lib/ids.ts';
import { recordEvents } from '../../events/event-writer.ts';
import type { UserRow } from '../../store/database.ts';
import type { Executor } from '../../store/organization-repository.ts';
import { findUserAnyState, setUserState } from '../../store/user-repository.ts';
import { findDirectory } from '../../store/directory-repository.ts';
import { appUser } from './user-app-view.ts';

async function heldUser(trx: Executor, id: string): Promise<{ user: UserRow; organizationId: string }> {
  // A malformed id names no user; PostgreSQL would refuse it as a uuid with a 500 (found by test/fuzz).
  const user = isUuid(id) ? await findUserAnyState(trx, id, true) : undefined;
  if (!user) throw new RosterError('not_found', `User ${id} not found`, { resourceId: id });
  if (user.state !== 'held') {
    throw new RosterError('conflict', `User ${id} is ${user.state}, not held for approval`, { resourceId: id });
  }
  const directory = await findDirectory(trx, user.directory_id);
  if (!directory) throw new RosterError('not_found', `User ${id} not found`, { resourceId: id });
  return { user, organizationId: directory.organization_id };
}

/** held → active (or suspended, if the IdP has since set active false), with the app's `user.created`. */
export async function approveUser(trx: Executor, id: string): Promise<UserRow> {
  const { user, organizationId } = await heldUser(trx, id);
  const after = await setUserState(trx, id, user.active ? 'active' : 'suspended', user.active);
  await recordEvents(trx, [
    { type: 'user.created', organizationId, directoryId: after.directory_id, objectId: id, objectVersion: after.version, data: { user: appUser(after, organizationId), approved: true } },
  ]);
  return after;
}

/** held → refused: the IdP keeps its user, the app never hears of it. */
export async function refuseUser(trx: Executor, id: string): Promise<UserRow> {
  await heldUser(trx, id);
  const after = await setUserState(trx, id, 'refused', false);
  return after;
}
