// The directory's attributeMode for a SCIM write, and where its warnings go (the request's sync-log entry).
import type { FastifyRequest } from 'fastify';
import type { PrepareOptions } from './resource-ops.ts';
import { noteSyncLogWarnings } from './sync-log-hook.ts';

export function prepareOptions(request: FastifyRequest): PrepareOptions {
  return { strict: request.scim.ctx.attributeMode === 'strict', storePasswords: request.scim.ctx.storePasswords, warn: (warnings) => noteSyncLogWarnings(request, warnings) };
}
