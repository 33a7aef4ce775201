import { z } from 'zod';

/**
 * Characters free text may not hold: control characters (NUL included),
 * line and paragraph separators, and bidirectional controls, which can make
 * text read differently from what it is.
 */
const FORBIDDEN =
  /[\p{Cc}\u2028\u2029\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/u;

/** A non-empty string of at most `max` characters without control or bidirectional characters. */
export function plainText(max: number) {
  return z
    .string()
    .min(1)
    .max(max)
    .refine(
      value => !FORBIDDEN.test(value),
      'must not contain control or bidirectional formatting characters',
    );
}
