import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';

/**
 * The catalog owner of an item: the source's owner through the `owners` map
 * of the config, else the source's owner when it already is a `group:` or
 * `user:` entity ref, else the configured default.
 */
export function resolveOwner(
  sourceOwner: string | undefined,
  owners: Record<string, string>,
  fallback: string,
): string {
  if (!sourceOwner) return fallback;
  const mapped = owners[sourceOwner] ?? owners[sourceOwner.toLowerCase()];
  if (mapped) return mapped;
  if (/^(group|user):/i.test(sourceOwner)) {
    try {
      return stringifyEntityRef(parseEntityRef(sourceOwner));
    } catch {
      return fallback;
    }
  }
  return fallback;
}
