import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { UserRow } from '../../store/database.ts';
import { RecentUsers } from './recent-users.ts';

const row = (id: string, version = 1): UserRow =>
  ({ id, directory_id: 'd1', version, resource: { userName: id, name: { givenName: 'A' }, emails: [{ value: 'a@b.c' }] }, fields: {} }) as unknown as UserRow;

describe('RecentUsers', () => {
  it('keeps a row by directory and id, the latest version remembered', () => {
    const r = new RecentUsers();
    r.remember(row('u1'));
    r.remember(row('u1', 2));
    assert.equal(r.get('d1', 'u1')?.version, 2);
    assert.equal(r.get('d2', 'u1'), undefined, 'another directory does not see it');
    r.forget('d1', 'u1');
    assert.equal(r.get('d1', 'u1'), undefined);
  });

  it('holds at most its capacity, dropping the least recently written', () => {
    const r = new RecentUsers(3);
    for (const id of ['a', 'b', 'c']) r.remember(row(id));
    r.remember(row('a', 2)); // written again: now the newest
    r.remember(row('d'));
    assert.equal(r.size, 3);
    assert.equal(r.get('d1', 'b'), undefined);
    assert.deepEqual(['a', 'c', 'd'].map((id) => r.get('d1', id)?.id), ['a', 'c', 'd']);
  });

  it('forgets rows older than its time to live', () => {
    let now = 1000;
    const r = new RecentUsers(10, 30_000, () => now);
    r.remember(row('a'));
    now += 29_000;
    assert.ok(r.get('d1', 'a'));
    now += 2_000;
    assert.equal(r.get('d1', 'a'), undefined);
    assert.equal(r.size, 0);
  });

  it('kept rows are frozen to the leaves, so no caller can change the next write’s base', () => {
    const r = new RecentUsers();
    const original = row('a');
    r.remember(original);
    const kept = r.get('d1', 'a') as UserRow;
    assert.throws(() => {
      (kept.resource as { name: { givenName: string } }).name.givenName = 'B';
    }, TypeError);
    assert.throws(() => {
      (kept.resource as { emails: unknown[] }).emails.push({ value: 'x' });
    }, TypeError);
    assert.throws(() => {
      (kept as { version: number }).version = 9;
    }, TypeError);
  });
});
