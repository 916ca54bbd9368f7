import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ENTERPRISE, readCsvUsers } from './csv-users.ts';
import { planImport, resolveManager } from './import-plan.ts';

const existing = [
  { id: 'u1', userName: 'ann@acme.com', externalId: 'E1', active: true, name: { givenName: 'Ann', familyName: 'Lee' }, emails: [{ value: 'ann@acme.com', primary: true }], [ENTERPRISE]: { department: 'Sales' } },
  { id: 'u2', userName: 'bob@acme.com', active: false, name: { givenName: 'Bob' } },
  { id: 'u3', userName: 'old@acme.com', active: true },
];

describe('planImport', () => {
  it('plans creates, only the changed attributes, reactivations, and keeps users the file does not name', () => {
    const csv = readCsvUsers('userName,externalId,givenName,department,active\nann@acme.com,E1,Ann,Marketing,true\nbob@acme.com,,Bob,,true\nnew@acme.com,E9,Neu,Ops,true\n');
    const plan = planImport(csv, existing, { deactivateMissing: false });
    assert.deepEqual(plan.creates.map((c) => c.userName), ['new@acme.com']);
    assert.deepEqual(plan.creates[0]!.body[ENTERPRISE], { department: 'Ops' });
    const ann = plan.updates.find((u) => u.userName === 'ann@acme.com')!;
    assert.equal(ann.kind, 'update');
    assert.deepEqual(ann.ops, [{ op: 'replace', path: `${ENTERPRISE}:department`, value: 'Marketing' }]);
    const bob = plan.updates.find((u) => u.userName === 'bob@acme.com')!;
    assert.equal(bob.kind, 'reactivate');
    assert.deepEqual(plan.notInFile, 1);
  });

  it('deactivates users missing from the file only when asked, and plans nothing for an unchanged file', () => {
    const csv = readCsvUsers('userName,givenName,familyName,email\nann@acme.com,Ann,Lee,ANN@acme.com\n');
    const kept = planImport(csv, existing, { deactivateMissing: false });
    assert.deepEqual([kept.creates.length, kept.updates.length, kept.unchanged, kept.notInFile], [0, 0, 1, 2]);
    const swept = planImport(csv, existing, { deactivateMissing: true });
    assert.deepEqual(swept.updates.map((u) => [u.userName, u.kind]), [['old@acme.com', 'deactivate']], 'bob is already inactive');
  });

  it('an empty cell removes the value of a column the file has', () => {
    const plan = planImport(readCsvUsers('userName,department\nann@acme.com,\n'), existing, { deactivateMissing: false });
    assert.deepEqual(plan.updates[0]!.ops, [{ op: 'remove', path: `${ENTERPRISE}:department` }]);
  });

  it('refuses a row whose userName belongs to another externalId', () => {
    const plan = planImport(readCsvUsers('userName,externalId\nann@acme.com,E2\n'), existing, { deactivateMissing: false });
    assert.match(plan.errors[0]!.message, /externalId "E1", not "E2"/);
    assert.equal(plan.creates.length + plan.updates.length, 0);
  });

  it('resolves managers by userName, email or externalId', () => {
    assert.equal(resolveManager('ANN@acme.com', existing), 'u1');
    assert.equal(resolveManager('E1', existing), 'u1');
    assert.equal(resolveManager('nobody', existing), undefined);
  });
});
