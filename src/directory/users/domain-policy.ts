// The organization's rule for users whose email domain is not its own: allow, hold, or reject.
import { RosterError } from '../../errors.ts';
import type { DirectoryContext } from '../directory-context.ts';

/** The address a user is known by: the primary email, else the first email, else the userName. */
export function userAddress(resource: Record<string, unknown>): string {
  const emails = Array.isArray(resource.emails) ? (resource.emails as { value?: unknown; primary?: unknown }[]) : [];
  const email = emails.find((e) => e.primary === true && typeof e.value === 'string') ?? emails.find((e) => typeof e.value === 'string');
  return typeof email?.value === 'string' ? email.value : String(resource.userName ?? '');
}

function domainOf(address: string): string | undefined {
  const at = address.lastIndexOf('@');
  return at >= 0 ? address.slice(at + 1).trim().toLowerCase() : undefined;
}

/** True when `domain` is one of the organization's domains or a subdomain of one. */
function ownDomain(domain: string, domains: readonly string[]): boolean {
  return domains.some((d) => domain === d || domain.endsWith(`.${d}`));
}

/**
 * The state a new user starts in under the policy: `active` (then `active` decides), or `held`.
 * Throws a 400 naming the domain under `reject`. Organizations without domains accept everyone.
 */
export function admissionState(ctx: DirectoryContext, resource: Record<string, unknown>): 'active' | 'held' {
  if (ctx.domains.length === 0 || ctx.externalDomainPolicy === 'allow') return 'active';
  const address = userAddress(resource);
  const domain = domainOf(address);
  if (domain && ownDomain(domain, ctx.domains)) return 'active';
  if (ctx.externalDomainPolicy === 'hold') return 'held';
  throw new RosterError('invalid_value', `"${address}" is not at one of this organization's domains (${ctx.domains.join(', ')})`, {
    attribute: 'emails',
    hint: "Provision only users of the organization's domains, or ask the app's administrator to add the domain or to allow external users",
  });
}
