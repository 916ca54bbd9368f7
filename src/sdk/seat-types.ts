// SDK types of seat utilization (docs/seats.md); each mirrors an admin API component, checked by test/openapi.test.ts.
import type { AppUser, Fields } from './types.ts';

/** Not null: the IdP does not have the user active, so the app should end the session. */
export type ActivityFinding = 'deactivated_in_idp' | 'not_approved' | null;

export interface ActivityRecorded {
  userId: string;
  organizationId: string;
  state: string;
  /** The UTC day the sign-in counts for, `YYYY-MM-DD`. */
  day: string;
  signInsThatDay: number;
  finding: ActivityFinding;
}

export const ACTIVITY_RECORDED_FIELDS = { userId: true, organizationId: true, state: true, day: true, signInsThatDay: true, finding: true } satisfies Fields<ActivityRecorded>;

export interface SeatCounts {
  provisioned: number;
  activated: number;
  active30d: number;
  suspended: number;
}

export interface SeatHistoryPoint extends SeatCounts {
  day: string;
}

export const SEAT_HISTORY_POINT_FIELDS = { day: true, provisioned: true, activated: true, active30d: true, suspended: true } satisfies Fields<SeatHistoryPoint>;

export interface SeatUtilization extends SeatCounts {
  organizationId: string;
  at: string;
  neverSignedIn: number;
  activationRate: number | null;
  activeRate: number | null;
  /** Per declared role, the active users holding it now (the seats), and of those the activated and the active in 30 days. */
  byRole: { roleKey: string; name: string; billable: boolean; users: number; activated: number; active30d: number }[];
  history: SeatHistoryPoint[];
}

export const SEAT_UTILIZATION_FIELDS = {
  organizationId: true, at: true, provisioned: true, activated: true, active30d: true, suspended: true,
  neverSignedIn: true, activationRate: true, activeRate: true, byRole: true, history: true,
} satisfies Fields<SeatUtilization>;

export interface InactiveSignIn {
  user: AppUser;
  finding: Exclude<ActivityFinding, null>;
  lastSignInWhileInactive: string;
  lastSignIn: string | null;
}

export const INACTIVE_SIGN_IN_FIELDS = { user: true, finding: true, lastSignInWhileInactive: true, lastSignIn: true } satisfies Fields<InactiveSignIn>;
