// Role rules of an organization: list, add, remove, and the live preview of a rule being written.
import type { FastifyInstance } from 'fastify';
import { addRule, pageRules, previewRule, removeRule } from '../../access/role-rule-service.ts';
import type { Db } from '../../store/db.ts';
import { RoleRulePreviewQuery } from './schemas/role-schemas.ts';
import { idParams, noContent, operation, pathParams, ref, responses } from './schemas/common-schemas.ts';

const TAG = 'roles';
const org = idParams('organization');
const ruleParams = pathParams(['id', 'ruleId'] as const, { id: "The organization's id (UUID)", ruleId: "The rule's id (UUID)" });

const schemas = {
  list: { ...operation(TAG, 'listRoleRules', "An organization's role rules, with how many users each gives its role"), params: org, response: responses({ 200: ref('RoleRuleList') }) },
  add: { ...operation(TAG, 'addRoleRule', "Give a role to a group's members (also through nested groups), to everyone, or to users matching a filter"), params: org, body: ref('RoleRuleCreate'), response: responses({ 201: ref('RoleRule') }) },
  remove: { ...operation(TAG, 'removeRoleRule', 'Remove a rule; its users lose the role unless another rule gives it'), params: ruleParams, response: responses({ 204: noContent }) },
  preview: { ...operation(TAG, 'previewRoleRule', 'How many users a rule on this group or with this filter would match, and the first ones'), params: org, documentedQuerystring: RoleRulePreviewQuery, response: responses({ 200: ref('RoleRulePreview') }) },
};

/** Registers the group rule routes on the admin plugin. */
export function registerRoleRuleRoutes(app: FastifyInstance, opts: { db: Db }): void {
  const { db } = opts;
  app.get('/organizations/:id/role-rules', { schema: schemas.list }, async (request) => pageRules(db, (request.params as { id: string }).id));
  app.get('/organizations/:id/role-rules/preview', { schema: schemas.preview }, async (request) =>
    previewRule(db, (request.params as { id: string }).id, request.query as Record<string, unknown>),
  );
  app.post('/organizations/:id/role-rules', { schema: schemas.add }, async (request, reply) => {
    const { id } = request.params as { id: string };
    return reply.code(201).send(await db.transaction().execute((trx) => addRule(trx, id, request.body as Record<string, unknown>)));
  });
  app.delete('/organizations/:id/role-rules/:ruleId', { schema: schemas.remove }, async (request, reply) => {
    const { id, ruleId } = request.params as { id: string; ruleId: string };
    await db.transaction().execute((trx) => removeRule(trx, id, ruleId));
    return reply.code(204).send();
  });
}
