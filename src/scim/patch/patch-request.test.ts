// Tests for parsePatchRequest: PatchOp body validation (RFC 7644 §3.5.2).
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { isRosterError } from '../../errors.ts';
import { MAX_PATCH_OPERATIONS, PATCH_OP_URN, parsePatchRequest } from './patch-request.ts';
import type { PatchOperation } from './patch-types.ts';

const body = (Operations: unknown, extra: Record<string, unknown> = {}) => ({ schemas: [PATCH_OP_URN], Operations, ...extra });

describe('parsePatchRequest accepts', () => {
  const cases: { name: string; body: unknown; expected: PatchOperation[] }[] = [
    {
      name: 'the RFC 7644 §3.5.2.1 add example',
      body: body([{ op: 'add', path: 'members', value: [{ display: 'Babs Jensen', value: '2819c223' }] }]),
      expected: [{ op: 'add', path: 'members', value: [{ display: 'Babs Jensen', value: '2819c223' }] }],
    },
    {
      name: 'capitalised ops and unknown operation keys (Microsoft Entra)',
      body: body([
        { op: 'Add', path: 'members', value: [{ value: 'u1' }], name: 'addMember' },
        { op: 'Replace', path: 'active', value: 'False' },
        { op: 'REMOVE', path: 'members', value: [{ value: 'u1' }] },
      ]),
      expected: [
        { op: 'add', path: 'members', value: [{ value: 'u1' }] },
        { op: 'replace', path: 'active', value: 'False' },
        { op: 'remove', path: 'members', value: [{ value: 'u1' }] },
      ],
    },
    {
      name: 'a body without schemas and with lower-case "operations"',
      body: { operations: [{ op: 'remove', path: 'nickName' }] },
      expected: [{ op: 'remove', path: 'nickName' }],
    },
    {
      name: 'capitalised operation keys and a null path',
      body: body([{ Op: 'replace', Path: null, Value: { active: false } }]),
      expected: [{ op: 'replace', value: { active: false } }],
    },
    {
      name: 'a null value on replace (clears the attribute later)',
      body: body([{ op: 'replace', path: 'nickName', value: null }]),
      expected: [{ op: 'replace', path: 'nickName', value: null }],
    },
    {
      name: `exactly ${MAX_PATCH_OPERATIONS} operations`,
      body: body(Array.from({ length: MAX_PATCH_OPERATIONS }, () => ({ op: 'remove', path: 'nickName' }))),
      expected: Array.from({ length: MAX_PATCH_OPERATIONS }, () => ({ op: 'remove' as const, path: 'nickName' })),
    },
  ];
  for (const c of cases) {
    test(c.name, () => assert.deepEqual(parsePatchRequest(c.body), c.expected));
  }
});

describe('parsePatchRequest rejects with invalid_syntax', () => {
  const cases: { name: string; body: unknown; message?: string }[] = [
    { name: 'a non-object body', body: [{ op: 'add' }] },
    { name: 'a null body', body: null },
    { name: 'schemas without the PatchOp URN', body: { schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'], Operations: [{ op: 'remove', path: 'x' }] } },
    { name: 'no Operations', body: { schemas: [PATCH_OP_URN] } },
    { name: 'empty Operations', body: body([]) },
    { name: 'Operations that is not an array', body: body({ op: 'add', value: {} }) },
    { name: 'an unknown op', body: body([{ op: 'update', path: 'nickName', value: 'x' }]), message: 'Operation 0' },
    { name: 'a missing op', body: body([{ path: 'nickName', value: 'x' }]) },
    { name: 'an op that is not a string', body: body([{ op: 1, path: 'nickName', value: 'x' }]) },
    { name: 'an operation that is not an object', body: body(['add']) },
    { name: 'an empty path', body: body([{ op: 'remove', path: '' }]) },
    { name: 'a path that is not a string', body: body([{ op: 'remove', path: 42 }]) },
    { name: 'add without value, naming the index', body: body([{ op: 'remove', path: 'a' }, { op: 'add', path: 'nickName' }]), message: 'Operation 1' },
    { name: 'replace without value', body: body([{ op: 'replace', path: 'nickName' }]) },
    {
      name: `more than ${MAX_PATCH_OPERATIONS} operations`,
      body: body(Array.from({ length: MAX_PATCH_OPERATIONS + 1 }, () => ({ op: 'remove', path: 'nickName' }))),
      message: String(MAX_PATCH_OPERATIONS),
    },
  ];
  for (const c of cases) {
    test(c.name, () => {
      assert.throws(
        () => parsePatchRequest(c.body),
        (e: unknown) => {
          assert.ok(isRosterError(e));
          assert.equal(e.code, 'invalid_syntax');
          assert.equal(e.scimType, 'invalidSyntax');
          if (c.message) assert.ok(e.message.includes(c.message), e.message);
          return true;
        },
      );
    });
  }
});
