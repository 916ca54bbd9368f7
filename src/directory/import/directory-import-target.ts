// The server's ImportTarget: the directory's users read and written through the same user service
// the SCIM routes call (validation, identity matching, events in the same transaction).
import { isRosterError } from '../../errors.ts';
import { parsePatchRequest } from '../../scim/patch/patch-request.ts';
import { normalizeResource } from '../../scim/resource/normalize-resource.ts';
import { USER_RESOURCE } from '../../scim/schema/resource-types.ts';
import type { Db } from '../../store/db.ts';
import type { DirectoryContext } from '../directory-context.ts';
import { listResources } from '../resource-reader.ts';
import { createUser, patchUser, prepareUserInput } from '../users/user-service.ts';
import { patchBody } from './import-plan.ts';
import type { ImportTarget } from './import-run.ts';

const PAGE = 1000;

/** A refused write in the words the CLI prints for a SCIM answer: `400 invalidValue: …`. */
function refusal(error: unknown): string {
  if (isRosterError(error)) return `${error.status}${error.scimType ? ` ${error.scimType}` : ''}: ${error.message}${error.details.hint ? ` (${error.details.hint})` : ''}`;
  const pg = error as { code?: unknown; message?: unknown } | null;
  if (pg?.code === '23505') return '409 uniqueness: another user of this directory already has this userName or externalId';
  throw error;
}

async function attempt(write: () => Promise<unknown>): Promise<string | null> {
  try {
    await write();
    return null;
  } catch (error) {
    return refusal(error);
  }
}

export function directoryImportTarget(db: Db, ctx: DirectoryContext): ImportTarget {
  return {
    async allUsers() {
      const users: Record<string, any>[] = [];
      for (let startIndex = 1; ; startIndex += PAGE) {
        const page = await listResources(db, ctx, USER_RESOURCE, { descending: false, startIndex, count: PAGE, attributes: [], excludedAttributes: [] }, { related: false });
        users.push(...page.views);
        if (page.views.length < PAGE || users.length >= page.total) return users;
      }
    },
    create: (body) =>
      attempt(async () => {
        const { resource } = normalizeResource(USER_RESOURCE, body, { mode: 'create', strict: ctx.attributeMode === 'strict' });
        await createUser(db, ctx, await prepareUserInput(resource));
      }),
    patch: (id, ops) => attempt(() => patchUser(db, ctx, id, parsePatchRequest(patchBody(ops)))),
  };
}
