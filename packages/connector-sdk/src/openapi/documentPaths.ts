/**
 * Finding one's way in an OpenAPI document: local `$ref`s and server base
 * paths, shared by the contract compiler and the contracts check.
 */

/**
 * What a local `$ref` (`#/components/schemas/Item`, JSON-pointer escapes
 * `~1` and `~0` decoded) points at in `document`; undefined when it does not
 * resolve or is not local.
 *
 * @public
 */
export function resolveLocalRef(document: unknown, ref: string): unknown {
  if (!ref.startsWith('#/')) return undefined;
  let node: unknown = document;
  for (const raw of ref.slice(2).split('/')) {
    if (typeof node !== 'object' || node === null) return undefined;
    node = (node as Record<string, unknown>)[
      raw.replace(/~1/g, '/').replace(/~0/g, '~')
    ];
  }
  return node;
}

/**
 * The path part of a server URL, without a trailing slash:
 * `https://h.example/api/v1/` and `{url}/api/v1` are `/api/v1`; `/` is the empty string.
 *
 * @public
 */
export function serverBasePath(url: string): string {
  return url
    .replace(/^[a-z]+:\/\/[^/]+/i, '')
    .replace(/^\{[^}]+\}/, '')
    .replace(/\/+$/, '');
}
