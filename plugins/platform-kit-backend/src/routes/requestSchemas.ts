import { entityRefOfParts } from '@platform-kit/plugin-platform-kit-common';
import { z } from 'zod';
import { parseInput } from './parseInput';

const kind = z.string().regex(/^[a-z][a-z0-9-]*$/i);
const part = z.string().regex(/^[a-z0-9][a-z0-9-_.]*$/i);

/** The entity ref of `/entities/:kind/:namespace/:name/...`, validated and normalised. */
export function entityRefOfParams(params: unknown) {
  return entityRefOfParts(
    parseInput(
      z.object({ kind, namespace: part, name: part }),
      params,
      'entity reference',
    ),
  );
}

export const uuid = z.string().uuid();

/** Offset/limit paging of a list (`max` items per page at most). */
export function paging(defaultLimit: number, max: number) {
  return {
    offset: z.coerce.number().int().min(0).default(0),
    limit: z.coerce.number().int().min(1).max(max).default(defaultLimit),
  };
}
