// Attribute mapping: the app's fields (app-wide, like roles) and each directory's mapping, preview and recompute progress.
import type { FastifyInstance } from 'fastify';
import { getDirectory } from '../../directory/directories/directory-service.ts';
import { changeField, createField, getMapping, pageFields, previewMapping, putMapping, removeField } from '../../directory/mapping/mapping-service.ts';
import { RosterError } from '../../errors.ts';
import type { Db } from '../../store/db.ts';
import type { TokenCache } from '../scim/token-cache.ts';
import { MappingPreviewQuery } from './schemas/mapping-schemas.ts';
import { idParams, noContent, operation, pathParams, ref, responses } from './schemas/common-schemas.ts';

const TAG = 'attribute mapping';
const keyParams = pathParams(['key'] as const, { key: "The field's key" });
const directoryId = idParams('directory');

const schemas = {
  create: { ...operation(TAG, 'createField', 'Declare a field the app wants for each user'), body: ref('AppFieldCreate'), response: responses({ 201: ref('AppField') }) },
  list: { ...operation(TAG, 'listFields', "The app's fields"), response: responses({ 200: ref('AppFieldList') }) },
  update: { ...operation(TAG, 'updateField', "Change a field's type, requirement or description"), params: keyParams, body: ref('AppFieldPatch'), response: responses({ 200: ref('AppField') }) },
  remove: { ...operation(TAG, 'deleteField', 'Remove a field from every user'), params: keyParams, response: responses({ 204: noContent }) },
  mapping: { ...operation(TAG, 'getMapping', "A directory's effective mapping and the progress of its recompute"), params: directoryId, response: responses({ 200: ref('DirectoryMapping') }) },
  put: { ...operation(TAG, 'putMapping', "Replace a directory's mapping overrides and recompute its users' fields"), params: directoryId, body: ref('DirectoryMappingPut'), response: responses({ 200: ref('DirectoryMapping') }) },
  preview: { ...operation(TAG, 'previewMapping', 'The fields the current mapping gives real users of the directory'), params: directoryId, documentedQuerystring: MappingPreviewQuery, response: responses({ 200: ref('MappingPreview') }) },
  propose: { ...operation(TAG, 'previewProposedMapping', 'The fields a proposed mapping would give real users of the directory (nothing is saved)'), params: directoryId, documentedQuerystring: MappingPreviewQuery, body: ref('DirectoryMappingPut'), response: responses({ 200: ref('MappingPreview') }) },
};

function previewLimit(query: unknown): number {
  const raw = (query as { limit?: unknown } | undefined)?.limit;
  if (raw === undefined || raw === '') return 10;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1 || n > 100) throw new RosterError('invalid_value', 'limit must be an integer from 1 to 100', { attribute: 'limit' });
  return n;
}

type Dir = { Params: { id: string } };

/** Registers the field and mapping routes on the admin plugin. */
export function registerMappingRoutes(app: FastifyInstance, opts: { db: Db; tokenCache: TokenCache }): void {
  const { db, tokenCache } = opts;
  // A change here must reach this process's next SCIM write at once: its cached directory rows carry the old mapping version.
  const changed = <T>(result: T): T => {
    tokenCache.clear();
    return result;
  };
  app.post('/fields', { schema: schemas.create }, async (request, reply) =>
    reply.code(201).send(changed(await db.transaction().execute((trx) => createField(trx, request.body as Record<string, unknown>)))),
  );
  app.get('/fields', { schema: schemas.list }, async () => pageFields(db));
  app.patch('/fields/:key', { schema: schemas.update }, async (request) =>
    changed(await db.transaction().execute((trx) => changeField(trx, (request.params as { key: string }).key, request.body as Record<string, unknown>))),
  );
  app.delete('/fields/:key', { schema: schemas.remove }, async (request, reply) => {
    changed(await db.transaction().execute((trx) => removeField(trx, (request.params as { key: string }).key)));
    return reply.code(204).send();
  });
  app.get<Dir>('/directories/:id/mapping', { schema: schemas.mapping }, async (request) => getMapping(db, await getDirectory(db, request.params.id)));
  app.put<Dir>('/directories/:id/mapping', { schema: schemas.put }, async (request) => {
    const dir = await getDirectory(db, request.params.id);
    return changed(await db.transaction().execute((trx) => putMapping(trx, dir, request.body)));
  });
  app.get<Dir>('/directories/:id/mapping/preview', { schema: schemas.preview }, async (request) =>
    previewMapping(db, await getDirectory(db, request.params.id), previewLimit(request.query)),
  );
  app.post<Dir>('/directories/:id/mapping/preview', { schema: schemas.propose }, async (request) =>
    previewMapping(db, await getDirectory(db, request.params.id), previewLimit(request.query), request.body),
  );
}
