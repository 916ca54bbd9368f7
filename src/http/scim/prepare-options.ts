// The directory's attributeMode and schemas for a SCIM write, and where its warnings go (the request's sync-log entry).
import type { FastifyRequest } from 'fastify';
import type { PrepareOptions } from './resource-ops.ts';
import { noteSyncLogWarnings } from './sync-log-hook.ts';

export function prepareOptions(request: FastifyRequest): PrepareOptions {
  const { ctx } = request.scim;
  return { strict: ctx.attributeMode === 'strict', storePasswords: ctx.storePasswords, resources: ctx.resources, warn: (warnings) => noteSyncLogWarnings(request, warnings) };
}
