// Shared fixtures and the table-driven runner for the PATCH tests (not used by production code).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isRosterError, type ErrorCode } from '../../errors.ts';
import type { ResourceSchema, ScimResource } from '../schema/attribute.ts';
import { SCHEMA_URN, USER_RESOURCE } from '../schema/resource-types.ts';
import { applyPatch } from './patch-engine.ts';
import { parsePatchRequest } from './patch-request.ts';
import type { MemberChange, PatchResult } from './patch-types.ts';

export const USER_URN = SCHEMA_URN.user;
export const GROUP_URN = SCHEMA_URN.group;
export const ENTERPRISE = SCHEMA_URN.enterpriseUser;

/** A user as the store keeps it: canonical names, one enterprise value. */
export function sampleUser(): ScimResource {
  return {
    schemas: [USER_URN, ENTERPRISE],
    id: '2819c223-7f76-453a-919d-413861904646',
    externalId: 'bjensen',
    meta: { resourceType: 'User', created: '2024-01-23T04:56:22Z', lastModified: '2024-05-13T04:42:34Z', version: 'W/"a330bc54f0671c9"' },
    userName: 'bjensen@example.com',
    name: { formatted: 'Ms. Barbara J Jensen, III', familyName: 'Jensen', givenName: 'Barbara' },
    displayName: 'Babs Jensen',
    active: true,
    emails: [
      { value: 'bjensen@example.com', type: 'work', primary: true },
      { value: 'babs@jensen.org', type: 'home' },
    ],
    addresses: [{ type: 'work', streetAddress: '100 Universal City Plaza', locality: 'Hollywood', region: 'CA', postalCode: '91608', country: 'US' }],
    [ENTERPRISE]: { employeeNumber: '701984', department: 'Tour Operations' },
  };
}

/** A user with only what POST requires. */
export function minimalUser(): ScimResource {
  return { schemas: [USER_URN], id: 'u-min', userName: 'min@example.com' };
}

export function sampleGroup(): ScimResource {
  return { schemas: [GROUP_URN], id: 'e9e30dba-f08f-4109-8486-d5c6a331660a', displayName: 'Tour Guides' };
}

/** Applies `changes` to a fresh sample user, to write expectations as "sample plus this". */
export function userWith(changes: (u: ScimResource) => void): ScimResource {
  const u = sampleUser();
  changes(u);
  return u;
}

export interface PatchCase {
  name: string;
  rs?: ResourceSchema;
  before: ScimResource;
  /** Operations as a client sends them; they go through parsePatchRequest first. */
  ops: unknown[];
  after?: ScimResource;
  memberChanges?: MemberChange[];
  changed?: string[];
  /** Number of warnings expected (checked when given). */
  warnings?: number;
  /** Expected RosterError code; the case must throw. */
  error?: ErrorCode;
  /** Expected substring of the error message. */
  message?: string;
}

/** Parses and applies a case's operations the way the HTTP layer will. */
export function run(c: Pick<PatchCase, 'rs' | 'before' | 'ops'>): PatchResult {
  const ops = parsePatchRequest({ schemas: [SCHEMA_URN.patchOp], Operations: c.ops });
  return applyPatch(c.rs ?? USER_RESOURCE, c.before, ops);
}

/** One node:test per case; every case also checks that the input resource was not mutated. */
export function runCases(cases: PatchCase[]): void {
  for (const c of cases) {
    test(c.name, () => {
      const snapshot = structuredClone(c.before);
      if (c.error) {
        assert.throws(
          () => run(c),
          (e: unknown) => {
            assert.ok(isRosterError(e), `expected a RosterError, got ${String(e)}`);
            assert.equal(e.code, c.error);
            if (c.message) assert.ok(e.message.includes(c.message), `message was: ${e.message}`);
            return true;
          },
        );
      } else {
        const result = run(c);
        if (c.after) assert.deepEqual(result.resource, c.after);
        assert.deepEqual(result.memberChanges, c.memberChanges ?? []);
        if (c.changed) assert.deepEqual(result.changedAttributes, c.changed);
        if (c.warnings !== undefined) assert.equal(result.warnings.length, c.warnings, JSON.stringify(result.warnings));
      }
      assert.deepEqual(c.before, snapshot, 'the input resource was mutated');
    });
  }
}
