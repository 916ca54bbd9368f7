// A directory's resource types: the built-in User and Group, each with the extensions the directory declared.
import type { ResourceSchema, ResourceTypeName } from './attribute.ts';
import { compileCustomSchema, type CustomSchema } from './custom-schema.ts';
import { GROUP_RESOURCE, USER_RESOURCE } from './resource-types.ts';

/** The resource types one directory serves, by name. */
export type DirectoryResources = Readonly<Record<ResourceTypeName, ResourceSchema>>;

/** What a directory without declared schemas serves. */
export const BUILT_IN_RESOURCES: DirectoryResources = Object.freeze({ User: USER_RESOURCE, Group: GROUP_RESOURCE });

/**
 * The built-in resource types with the declared schemas as optional extensions (RFC 7643 §6
 * schemaExtensions, `required: false`: a resource carries them only when it has values for them).
 */
export function directoryResources(custom: readonly CustomSchema[]): DirectoryResources {
  if (custom.length === 0) return BUILT_IN_RESOURCES;
  const extend = (rs: ResourceSchema): ResourceSchema => {
    const mine = custom.filter((c) => c.resourceType === rs.type).map((c) => ({ schema: compileCustomSchema(c), required: false }));
    return mine.length === 0 ? rs : { ...rs, extensions: [...rs.extensions, ...mine] };
  };
  return Object.freeze({ User: extend(USER_RESOURCE), Group: extend(GROUP_RESOURCE) });
}

/** In the order /ResourceTypes lists them (RFC 7644 §4). */
export function resourceList(resources: DirectoryResources): ResourceSchema[] {
  return [resources.User, resources.Group];
}
