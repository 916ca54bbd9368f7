// Directory settings an admin changes (deprovisioning rule, rate limit, log retention) and two-step token rotation.
import { RosterError } from '../../errors.ts';
import { newId } from '../../lib/ids.ts';
import { hashSecret, newSecret, secretPrefix } from '../../lib/secrets.ts';
import type { DirectoryRow } from '../../store/database.ts';
import {
  countLiveTokens,
  expireTokensWithStatus,
  insertPendingToken,
  promotePendingTokens,
  updateDirectorySettings,
  type DirectorySettings,
} from '../../store/directory-repository.ts';
import type { Executor } from '../../store/organization-repository.ts';
import { getDirectory } from './directory-service.ts';

export interface DirectorySettingsInput {
  name?: string;
  deprovisionRule?: string;
  rateLimitPerSecond?: number;
  rateLimitBurst?: number;
  syncLogRetentionDays?: number;
  attributeMode?: string;
  storePasswords?: boolean;
}

/** Applies the settings given; the rest stay. Documented in docs/lifecycle.md and README.md. */
export async function changeDirectorySettings(trx: Executor, id: string, input: DirectorySettingsInput): Promise<DirectoryRow> {
  await getDirectory(trx, id);
  const settings: DirectorySettings = {};
  if (input.name !== undefined) {
    if (input.name.trim() === '') throw new RosterError('invalid_value', 'name must not be empty', { attribute: 'name' });
    settings.name = input.name.trim();
  }
  if (input.deprovisionRule !== undefined) {
    if (input.deprovisionRule !== 'deactivate' && input.deprovisionRule !== 'delete') {
      throw new RosterError('invalid_value', 'deprovisionRule must be "deactivate" or "delete"', { attribute: 'deprovisionRule' });
    }
    settings.deprovision_rule = input.deprovisionRule;
  }
  if (input.attributeMode !== undefined) {
    if (input.attributeMode !== 'lenient' && input.attributeMode !== 'strict') {
      throw new RosterError('invalid_value', 'attributeMode must be "lenient" or "strict"', { attribute: 'attributeMode' });
    }
    settings.attribute_mode = input.attributeMode;
  }
  if (input.storePasswords !== undefined) {
    if (typeof input.storePasswords !== 'boolean') throw new RosterError('invalid_value', 'storePasswords must be true or false', { attribute: 'storePasswords' });
    settings.store_passwords = input.storePasswords;
  }
  if (input.rateLimitPerSecond !== undefined) settings.rate_limit_per_second = input.rateLimitPerSecond;
  if (input.rateLimitBurst !== undefined) settings.rate_limit_burst = input.rateLimitBurst;
  if (input.syncLogRetentionDays !== undefined) settings.sync_log_retention_days = input.syncLogRetentionDays;
  const row = await updateDirectorySettings(trx, id, settings);
  if (!row) throw new RosterError('not_found', `Directory ${id} not found`, { resourceId: id });
  return row;
}

/**
 * Step 1 of a rotation: a second token that works beside the current one, so the IT admin can paste
 * it into the IdP without a failed sync. Only one rotation at a time.
 */
export async function startTokenRotation(trx: Executor, id: string): Promise<string> {
  await getDirectory(trx, id);
  if ((await countLiveTokens(trx, id, 'pending')) > 0) {
    throw new RosterError('conflict', 'A token rotation is already in progress for this directory', {
      hint: 'Complete it (POST …/token-rotations/complete) or cancel it (POST …/token-rotations/cancel) first',
    });
  }
  const token = newSecret('rst_');
  await insertPendingToken(trx, { id: newId(), directory_id: id, token_hash: hashSecret(token), prefix: secretPrefix(token) });
  return token;
}

/** Step 2: the new token becomes the only one; the old ones stop now. */
export async function completeTokenRotation(trx: Executor, id: string): Promise<void> {
  await getDirectory(trx, id);
  if ((await countLiveTokens(trx, id, 'pending')) === 0) {
    throw new RosterError('conflict', 'No token rotation is in progress for this directory', { hint: 'Start one with POST …/token-rotations' });
  }
  await expireTokensWithStatus(trx, id, 'active');
  await promotePendingTokens(trx, id);
}

/** Or step 2': the new token stops now; the old one keeps working. */
export async function cancelTokenRotation(trx: Executor, id: string): Promise<void> {
  await getDirectory(trx, id);
  if ((await expireTokensWithStatus(trx, id, 'pending')) === 0) {
    throw new RosterError('conflict', 'No token rotation is in progress for this directory', { hint: 'Start one with POST …/token-rotations' });
  }
}
