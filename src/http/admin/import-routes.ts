// CSV imports into a directory (docs/import.md): a dry run's diff, or an import written in the background.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { getImport, MAX_IMPORT_CHARS, startImport } from '../../directory/import/import-job-service.ts';
import type { Db } from '../../store/db.ts';
import { idParams, operation, pathParams, ref, responses } from './schemas/common-schemas.ts';

const TAG = 'users and groups';
const importParams = pathParams(['id', 'importId'] as const, { id: "The directory's id (UUID)", importId: "The import's id (UUID)" });

const schemas = {
  create: {
    ...operation(TAG, 'importDirectoryUsers', 'Import users from a CSV file: a dry run answers the diff (200); otherwise the import starts (202)'),
    params: idParams('directory'),
    body: ref('DirectoryImportCreate'),
    response: responses({ 200: ref('DirectoryImport'), 202: ref('DirectoryImport') }),
  },
  get: { ...operation(TAG, 'getDirectoryImport', "An import's progress and result"), params: importParams, response: responses({ 200: ref('DirectoryImport') }) },
};

/** Registers the import routes on the admin plugin. */
export function registerImportRoutes(app: FastifyInstance, opts: { db: Db; origin: (request: FastifyRequest) => string; now: () => Date }): void {
  const { db } = opts;
  // The file travels as JSON text: room for 10 MB of CSV and its escaping; past that, 413.
  app.post('/directories/:id/imports', { schema: schemas.create, bodyLimit: MAX_IMPORT_CHARS * 2 }, async (request, reply) => {
    const { id } = request.params as { id: string };
    const onFailure = (err: unknown) => request.log.error({ err, directoryId: id }, 'import: the background import failed');
    const { status, body } = await startImport(db, id, request.body as Record<string, unknown>, opts.origin(request), onFailure, opts.now());
    return reply.code(status).send(body);
  });
  app.get('/directories/:id/imports/:importId', { schema: schemas.get }, async (request) => {
    const { id, importId } = request.params as { id: string; importId: string };
    return getImport(db, id, importId, opts.now());
  });
}
