// One compiled mapping per directory in this process, keyed by the directory's mapping version, so a SCIM write reads no mapping.
import type { Executor } from '../../store/organization-repository.ts';
import { mappingInputs } from '../../store/mapping-repository.ts';
import type { DirectoryContext } from '../directory-context.ts';
import { compileMapping, effectiveEntries, type AppField, type CompiledMapping, type MappingOverrides } from './field-mapping.ts';
import type { FieldType } from './field-types.ts';

const MAX_ENTRIES = 10_000;
const cache = new Map<string, { version: number; provider: string; mapping: CompiledMapping }>();

/** The app's fields and the directory's overrides as stored (one query). */
export async function storedMapping(db: Executor, directoryId: string): Promise<{ fields: AppField[]; overrides: MappingOverrides }> {
  const rows = await mappingInputs(db, directoryId);
  const overrides: MappingOverrides = {};
  for (const r of rows) if (r.overridden) overrides[r.key] = r.path;
  return { fields: rows.map((r) => ({ key: r.key, type: r.type as FieldType, required: r.required, description: r.description })), overrides };
}

/**
 * The directory's compiled mapping. A hit costs nothing; the version (from the directory row the
 * SCIM token cache holds, at most its TTL old) moves with every mapping or field change, so another
 * replica's change is seen as soon as that row is read again.
 */
export async function directoryMapping(db: Executor, ctx: Pick<DirectoryContext, 'directoryId' | 'provider' | 'mappingVersion'>): Promise<CompiledMapping> {
  const version = ctx.mappingVersion ?? 0;
  const hit = cache.get(ctx.directoryId);
  if (hit && hit.version === version && hit.provider === ctx.provider) return hit.mapping;
  const { fields, overrides } = await storedMapping(db, ctx.directoryId);
  const mapping = compileMapping(effectiveEntries(fields, overrides, ctx.provider));
  if (cache.size >= MAX_ENTRIES) cache.clear();
  cache.set(ctx.directoryId, { version, provider: ctx.provider, mapping });
  return mapping;
}

/** Drops what this process holds (after a change here; other replicas key on the version). */
export function forgetMappings(): void {
  cache.clear();
}
