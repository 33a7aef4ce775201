import { InputError } from '@backstage/errors';
import { z } from 'zod';

/** Parses `input` with `schema`; bad input is a 400 that names the field and the rule. */
export function parseInput<T>(
  schema: z.ZodType<T>,
  input: unknown,
  what: string,
): T {
  const result = schema.safeParse(input);
  if (!result.success) {
    const issue = result.error.issues[0];
    throw new InputError(
      `Invalid ${what}${issue.path.length ? ` ${issue.path.join('.')}` : ''}: ${
        issue.message
      }`,
    );
  }
  return result.data;
}
