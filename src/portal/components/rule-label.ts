// A role rule in plain words, as the rules list and a user's grants name it.
import type { RoleRule } from '../api/types.ts';

export function ruleLabel(rule: Pick<RoleRule, 'kind' | 'groupName' | 'filter' | 'includeNested'>): string {
  if (rule.kind === 'everyone') return 'Everyone (default role)';
  if (rule.kind === 'attribute') return `Users matching ${rule.filter ?? 'a filter'}`;
  return `Members of “${rule.groupName ?? 'a deleted group'}”${rule.includeNested ? ' (also through nested groups)' : ''}`;
}

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;
}
