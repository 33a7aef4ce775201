import { createHash } from 'node:crypto';

/** Backstage's limit on `metadata.name`. */
export const MAX_NAME_LENGTH = 63;
const HASH_LENGTH = 8;

/** A short, stable hash of `parts` (hex). */
export function shortHash(...parts: string[]): string {
  return createHash('sha256')
    .update(parts.join('\u0000'))
    .digest('hex')
    .slice(0, HASH_LENGTH);
}

/** Lower-case, `[a-z0-9]` joined by single `-`, `_` or `.`; no leading or trailing separator. */
function sanitize(raw: string): string {
  return raw
    .toLowerCase()
    .replace(/[^a-z0-9._-]+/g, '-')
    .replace(/[-_.]{2,}/g, m => m[0])
    .replace(/^[-_.]+|[-_.]+$/g, '');
}

/**
 * A valid, stable `metadata.name` from its parts, joined by `-`.
 *
 * When sanitizing changes anything (upper case, other characters) or the
 * result is longer than 63 characters, a hash of the raw parts is appended,
 * so that two different sources never collide (n8n ids are case-sensitive:
 * `AbC` and `abc` are different workflows).
 *
 * @public
 */
export function entityName(...parts: string[]): string {
  const raw = parts.join('-');
  const clean = sanitize(raw);
  if (clean === raw && clean.length <= MAX_NAME_LENGTH && clean.length > 0)
    return clean;
  const hash = shortHash(...parts);
  const head = clean
    .slice(0, MAX_NAME_LENGTH - HASH_LENGTH - 1)
    .replace(/[-_.]+$/, '');
  return head ? `${head}-${hash}` : hash;
}

/**
 * A tag as Backstage accepts it: `[a-z0-9:+#]` words joined by `-`, at most
 * 63 characters; `undefined` when nothing of it is left.
 *
 * @public
 */
export function sanitizeTag(raw: string): string | undefined {
  const tag = raw
    .toLowerCase()
    .trim()
    .replace(/[^a-z0-9:+#]+/g, '-')
    .replace(/-{2,}/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, MAX_NAME_LENGTH)
    .replace(/-+$/, '');
  return tag || undefined;
}
