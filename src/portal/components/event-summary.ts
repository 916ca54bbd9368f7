// One line in plain words for an event, as a history or the events browser lists it.
import type { RosterEventJson } from '../api/types.ts';

const WORDS: Record<string, string> = {
  'user.created': 'User created',
  'user.updated': 'User updated',
  'user.deactivated': 'User deactivated',
  'user.reactivated': 'User reactivated',
  'user.deleted': 'User deleted',
  'group.created': 'Group created',
  'group.updated': 'Group updated',
  'group.deleted': 'Group deleted',
  'group.member_added': 'Member added to a group',
  'group.member_removed': 'Member removed from a group',
  'directory.activated': 'Directory connected (first request)',
  'directory.deleted': 'Directory deleted',
  'role.assigned': 'Role given',
  'role.revoked': 'Role taken away',
};

export function eventTitle(event: RosterEventJson): string {
  return WORDS[event.type] ?? event.type;
}

/** For an update, which attributes changed (the event's `previous` holds their old values). */
export function changedAttributes(event: RosterEventJson): string[] {
  const previous = event.data.previous;
  return previous && typeof previous === 'object' ? Object.keys(previous) : [];
}
