import { randomBytes } from 'node:crypto';

const ALPHABET =
  'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** A random alphanumeric value as long as `secret`, never equal to it. */
function dummyFor(secret: string): string {
  for (;;) {
    const bytes = randomBytes(secret.length);
    const dummy = [...bytes].map(b => ALPHABET[b % ALPHABET.length]).join('');
    if (dummy !== secret) return dummy;
  }
}

function replaceSecrets(value: unknown, swaps: [string, string][]): unknown {
  if (typeof value === 'string')
    return swaps.reduce(
      (text, [secret, dummy]) => text.split(secret).join(dummy),
      value,
    );
  if (Array.isArray(value)) return value.map(v => replaceSecrets(v, swaps));
  if (value !== null && typeof value === 'object')
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [k, replaceSecrets(v, swaps)]),
    );
  return value;
}

/**
 * A copy of a connector's options in which every secret, also inside other
 * strings (e.g. a password in a connection URL), is replaced by a random
 * dummy of the same length: credentials that are not the configured ones,
 * for a connector pointed at an address that must never see the real ones.
 */
export function withDummyCredentials<T>(options: T, secrets: string[]): T {
  // Longest first, so a secret that contains another is replaced whole.
  const swaps = [...new Set(secrets.filter(Boolean))]
    .sort((a, b) => b.length - a.length)
    .map((secret): [string, string] => [secret, dummyFor(secret)]);
  return replaceSecrets(options, swaps) as T;
}
