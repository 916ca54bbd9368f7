// SDK type of an admin suspension (docs/lifecycle.md); mirrors the Suspension component.
import type { Fields } from './types.ts';

export interface Suspension {
  id: string;
  userId: string;
  /** When the user comes back by itself; null: until someone ends it. */
  until: string | null;
  reason: string | null;
  startedAt: string;
  endedAt: string | null;
  /** identity_provider: the IdP changed `active` during the suspension, and won. */
  endedBy: 'admin' | 'schedule' | 'identity_provider' | null;
}

export const SUSPENSION_FIELDS = { id: true, userId: true, until: true, reason: true, startedAt: true, endedAt: true, endedBy: true } satisfies Fields<Suspension>;
