// "" as "cleared": bodies, explicit paths, path-less values, and what the core then makes of them.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { applyPatch } from '../../scim/patch/patch-engine.ts';
import { normalizeResource } from '../../scim/resource/normalize-resource.ts';
import { SCHEMA_URN, USER_RESOURCE } from '../../scim/schema/resource-types.ts';
import { blanksClearInBody, blanksClearInPatch, clearBlanks } from './blank-clears.ts';

const ENT = SCHEMA_URN.enterpriseUser;
const stored = {
  schemas: [SCHEMA_URN.user, ENT],
  userName: 'ada@acme.com',
  name: { givenName: 'Ada', familyName: 'Lovelace', middleName: 'K' },
  title: 'Engineer',
  emails: [{ value: 'ada@acme.com', type: 'work', primary: true }, { value: 'ada@home.org', type: 'home' }],
  [ENT]: { department: 'R&D', employeeNumber: '7' },
};

describe('clearBlanks', () => {
  it('turns "" into null at any depth and drops elements whose value is ""', () => {
    assert.deepEqual(clearBlanks({ a: '', b: { c: '' }, d: [{ value: '', type: 'home' }, { value: 'x' }, ''], e: 0, f: false }), {
      a: null,
      b: { c: null },
      d: [{ value: 'x' }],
      e: 0,
      f: false,
    });
  });
});

describe('blanksClearInBody', () => {
  it('leaves blank optional attributes out of a PUT, keeps a blank userName for the core to refuse', () => {
    const body = blanksClearInBody('User', { userName: '', title: '', name: { givenName: 'Ada', middleName: '' }, [`${ENT}:department`]: '' });
    assert.deepEqual(body, { userName: '', title: null, name: { givenName: 'Ada', middleName: null }, [`${ENT}:department`]: null });
  });

  it('through the core: the cleared attributes are simply absent', () => {
    const body = blanksClearInBody('User', { userName: 'ada@acme.com', title: '', emails: [{ value: '', type: 'home' }], [ENT]: { department: '' } });
    const { resource } = normalizeResource(USER_RESOURCE, body, { mode: 'replace' });
    assert.deepEqual(resource, { schemas: [SCHEMA_URN.user], userName: 'ada@acme.com' });
  });

  it('keeps a blank Group displayName (required) and drops blank members', () => {
    assert.deepEqual(blanksClearInBody('Group', { displayName: '', members: [{ value: '' }, { value: 'u1' }] }), { displayName: '', members: [{ value: 'u1' }] });
  });
});

describe('blanksClearInPatch', () => {
  const patch = (ops: Parameters<typeof blanksClearInPatch>[1]) => applyPatch(USER_RESOURCE, stored, blanksClearInPatch('User', ops)).resource;

  it('turns an explicit-path replace with "" into a remove', () => {
    assert.deepEqual(blanksClearInPatch('User', [{ op: 'replace', path: 'title', value: '' }]), [{ op: 'remove', path: 'title' }]);
    assert.equal(patch([{ op: 'replace', path: 'title', value: '' }]).title, undefined);
  });

  it('removes the whole filtered element when its value is cleared', () => {
    const ops = blanksClearInPatch('User', [{ op: 'replace', path: 'emails[type eq "home"].value', value: '' }]);
    assert.deepEqual(ops, [{ op: 'remove', path: 'emails[type eq "home"]' }]);
    assert.deepEqual(patch([{ op: 'replace', path: 'emails[type eq "home"].value', value: '' }]).emails, [stored.emails[0]]);
  });

  it('removes only the sub-attribute for other filtered sub-attributes', () => {
    assert.deepEqual(blanksClearInPatch('User', [{ op: 'add', path: 'emails[type eq "work"].display', value: '' }]), [
      { op: 'remove', path: 'emails[type eq "work"].display' },
    ]);
  });

  it('clears dotted, URN and nested keys of a path-less value, and only those', () => {
    const after = patch([{ op: 'replace', value: { 'name.middleName': '', [`${ENT}:department`]: '', name: { familyName: '' }, displayName: 'Ada L' } }]);
    assert.deepEqual(after.name, { givenName: 'Ada' });
    assert.deepEqual(after[ENT], { employeeNumber: '7' });
    assert.equal(after.displayName, 'Ada L');
  });

  it('leaves a blank userName, a blank multi-valued attribute and removals to the core', () => {
    const ops = [
      { op: 'replace' as const, path: 'userName', value: '' },
      { op: 'replace' as const, path: 'emails', value: '' },
      { op: 'remove' as const, path: 'title' },
    ];
    assert.deepEqual(blanksClearInPatch('User', ops), ops);
    assert.deepEqual(blanksClearInPatch('Group', [{ op: 'replace', path: 'members', value: '' }]), [{ op: 'replace', path: 'members', value: '' }]);
  });

  it('leaves paths the core will refuse as they were, so its error names them', () => {
    const ops = [{ op: 'replace' as const, path: 'nosuch', value: '' }, { op: 'replace' as const, path: 'emails[type eq', value: '' }];
    assert.deepEqual(blanksClearInPatch('User', ops), ops);
  });
});
