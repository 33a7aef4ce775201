import { z } from 'zod';

/**
 * A catalog entity ref in the one spelling Platform Kit stores and compares:
 * `kind:namespace/name`, lower case (the catalog matches refs case-insensitively).
 *
 * @public
 */
export type EntityRef = string & { readonly __brand: 'EntityRef' };

/**
 * Thrown by {@link normalizeEntityRef} for a value that is not an entity ref.
 *
 * @public
 */
export class InvalidEntityRefError extends Error {
  readonly name = 'InvalidEntityRefError';
}

const PART = /^[a-z0-9][a-z0-9._-]*$/i;
const KIND = /^[a-z][a-z0-9-]*$/i;

/**
 * The parts of an entity ref.
 *
 * @public
 */
export interface EntityRefParts {
  kind: string;
  namespace?: string;
  name: string;
}

/**
 * The ref of `{ kind, namespace, name }`; the namespace defaults to `default`.
 *
 * @public
 */
export function entityRefOfParts(parts: EntityRefParts): EntityRef {
  const namespace = parts.namespace || 'default';
  if (!KIND.test(parts.kind) || !PART.test(namespace) || !PART.test(parts.name))
    throw new InvalidEntityRefError(
      'must be an entity ref such as component:default/shop',
    );
  return `${parts.kind}:${namespace}/${parts.name}`.toLowerCase() as EntityRef;
}

/**
 * Normalises `component:shop` or `Component:Default/Shop` to
 * `component:default/shop`; throws {@link InvalidEntityRefError} otherwise.
 *
 * @public
 */
export function normalizeEntityRef(value: string): EntityRef {
  const match = /^([^:/]+):(?:([^:/]+)\/)?([^:/]+)$/.exec(value.trim());
  if (!match)
    throw new InvalidEntityRefError(
      'must be an entity ref such as component:default/shop',
    );
  return entityRefOfParts({
    kind: match[1],
    namespace: match[2],
    name: match[3],
  });
}

/**
 * A zod schema that accepts an entity ref in any spelling and yields its
 * {@link EntityRef}.
 *
 * @public
 */
export const entityRefSchema = z
  .string()
  .min(1)
  .max(400)
  .transform((value, ctx): EntityRef => {
    try {
      return normalizeEntityRef(value);
    } catch (error) {
      ctx.addIssue({ code: 'custom', message: (error as Error).message });
      return z.NEVER;
    }
  });
