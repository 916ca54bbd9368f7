// SDK types of leaver checklists (docs/lifecycle.md); mirror the Offboarding components.
import type { Fields } from './types.ts';

export interface OffboardingTask {
  key: string;
  name: string;
  description: string | null;
}

export const OFFBOARDING_TASK_FIELDS = { key: true, name: true, description: true } satisfies Fields<OffboardingTask>;

export interface Offboarding {
  id: string;
  status: 'open' | 'completed' | 'cancelled';
  cause: 'deprovisioned' | 'deleted';
  user: { id: string; directoryId: string; userName: string; email: string | null; displayName: string | null; managerId: string | null };
  startedAt: string;
  completedAt: string | null;
  cancelledAt: string | null;
  /** doneBy: who marked it done (the doneBy the app sent, else the admin key's name). */
  tasks: { key: string; name: string; done: boolean; doneAt: string | null; doneBy: string | null; note: string | null }[];
}

export const OFFBOARDING_FIELDS = {
  id: true, status: true, cause: true, user: true, startedAt: true, completedAt: true, cancelledAt: true, tasks: true,
} satisfies Fields<Offboarding>;
