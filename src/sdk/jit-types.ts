// SDK types of just-in-time sign-in (docs/jit.md); mirrors the JitResult component.
import type { AppUser, Fields } from './types.ts';

export interface JitSignInInput {
  email: string;
  externalId?: string | null;
  firstName?: string | null;
  lastName?: string | null;
  displayName?: string | null;
  title?: string | null;
  department?: string | null;
  directoryId?: string | null;
}

export interface JitResult {
  outcome: 'created' | 'linked' | 'refused';
  /** Let the user in only when true. */
  allowed: boolean;
  reason: 'deactivated_in_idp' | 'not_approved' | null;
  matchedBy: 'externalId' | 'userName' | 'email' | null;
  user: AppUser;
}

export const JIT_RESULT_FIELDS = { outcome: true, allowed: true, reason: true, matchedBy: true, user: true } satisfies Fields<JitResult>;
