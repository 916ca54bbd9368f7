// Roles the app declares (unbound keys) and role grants of users, optionally time-bound.
import type { FastifyInstance } from 'fastify';
import { changeGrantExpiry, changeRole, createRole, grantRole, listUserGrants, pageRoles, removeRole, revokeRole } from '../../access/role-service.ts';
import type { Db } from '../../store/db.ts';
import { idParams, noContent, operation, pathParams, ref, responses } from './schemas/common-schemas.ts';

const TAG = 'roles';
const keyParams = pathParams(['key'] as const, { key: "The role's key" });
const grantParams = pathParams(['id', 'roleKey'] as const, { id: "The user's id (UUID)", roleKey: "The role's key" });

const schemas = {
  create: { ...operation(TAG, 'createRole', 'Declare a role of the app'), body: ref('RoleCreate'), response: responses({ 201: ref('Role') }) },
  list: { ...operation(TAG, 'listRoles', "The app's roles"), response: responses({ 200: ref('RoleList') }) },
  update: { ...operation(TAG, 'updateRole', 'Rename a role, describe it, or change whether it is billable'), params: keyParams, body: ref('RolePatch'), response: responses({ 200: ref('Role') }) },
  remove: { ...operation(TAG, 'deleteRole', 'Remove a role and its grants'), params: keyParams, response: responses({ 204: noContent }) },
  grant: { ...operation(TAG, 'grantRole', 'Give a user a role, optionally until a date'), params: idParams('user'), body: ref('RoleGrantCreate'), response: responses({ 201: ref('RoleGrant') }) },
  grants: { ...operation(TAG, 'listUserRoles', "A user's role grants"), params: idParams('user'), response: responses({ 200: ref('RoleGrantList') }) },
  extend: { ...operation(TAG, 'changeRoleGrant', 'Extend or shorten a time-bound grant'), params: grantParams, body: ref('RoleGrantPatch'), response: responses({ 200: ref('RoleGrant') }) },
  revoke: { ...operation(TAG, 'revokeRole', "End a user's role now"), params: grantParams, response: responses({ 200: ref('RoleGrant') }) },
};

/** Registers the role routes on the admin plugin. */
export function registerRoleRoutes(app: FastifyInstance, opts: { db: Db; now: () => Date }): void {
  const { db, now } = opts;
  app.post('/roles', { schema: schemas.create }, async (request, reply) => reply.code(201).send(await createRole(db, request.body as Record<string, unknown>)));
  app.get('/roles', { schema: schemas.list }, async () => pageRoles(db));
  app.patch('/roles/:key', { schema: schemas.update }, async (request) => changeRole(db, (request.params as { key: string }).key, request.body as Record<string, unknown>));
  app.delete('/roles/:key', { schema: schemas.remove }, async (request, reply) => {
    await removeRole(db, (request.params as { key: string }).key);
    return reply.code(204).send();
  });
  app.post('/users/:id/roles', { schema: schemas.grant }, async (request, reply) => {
    const { id } = request.params as { id: string };
    return reply.code(201).send(await db.transaction().execute((trx) => grantRole(trx, id, request.body as Record<string, unknown>, now())));
  });
  app.get('/users/:id/roles', { schema: schemas.grants }, async (request) => listUserGrants(db, (request.params as { id: string }).id));
  app.patch('/users/:id/roles/:roleKey', { schema: schemas.extend }, async (request) => {
    const { id, roleKey } = request.params as { id: string; roleKey: string };
    return db.transaction().execute((trx) => changeGrantExpiry(trx, id, roleKey, request.body as { expiresAt?: unknown }, now()));
  });
  app.delete('/users/:id/roles/:roleKey', { schema: schemas.revoke }, async (request) => {
    const { id, roleKey } = request.params as { id: string; roleKey: string };
    return db.transaction().execute((trx) => revokeRole(trx, id, roleKey));
  });
}
