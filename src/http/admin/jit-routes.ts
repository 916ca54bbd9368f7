// POST /api/v1/organizations/:id/jit: just-in-time sign-in from the app's SSO login.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { jitSignIn } from '../../directory/jit/jit-sign-in.ts';
import type { Db } from '../../store/db.ts';
import { idParams, operation, ref, responses } from './schemas/common-schemas.ts';

const schema = {
  ...operation('users and groups', 'jitSignIn', 'Just-in-time sign-in: link an SSO login to its user, or create the user on first login'),
  params: idParams('organization'),
  body: ref('JitSignIn'),
  response: responses({ 200: ref('JitResult'), 201: ref('JitResult') }),
};

/** Registers the JIT route on the admin plugin. */
export function registerJitRoutes(app: FastifyInstance, opts: { db: Db; origin: (request: FastifyRequest) => string; now: () => Date }): void {
  app.post('/organizations/:id/jit', { schema }, async (request, reply) => {
    const { id } = request.params as { id: string };
    const result = await jitSignIn(opts.db, id, request.body as Record<string, unknown>, opts.origin(request), opts.now());
    return reply.code(result.outcome === 'created' ? 201 : 200).send(result);
  });
}
