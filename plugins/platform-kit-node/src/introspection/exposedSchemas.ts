import { z } from 'zod';
import { exposedSchemasSourceSchema } from '@platform-kit/plugin-platform-kit-common';

export type ExposedSchemasSource = z.infer<typeof exposedSchemasSourceSchema>;

/** Splits PostgREST's `db-schemas` value (`public, graphql_public`), quotes allowed. */
export function parseSchemaList(value: string): string[] {
  return value
    .split(',')
    .map(s => s.trim().replace(/^"(.*)"$/, '$1'))
    .filter(Boolean);
}

function fromRoleConfig(config: unknown): string[] | undefined {
  if (!Array.isArray(config)) return undefined;
  const entry = config.find(
    (c): c is string =>
      typeof c === 'string' && c.startsWith('pgrst.db_schemas='),
  );
  return entry
    ? parseSchemaList(entry.slice('pgrst.db_schemas='.length))
    : undefined;
}

/**
 * Exposed (API) schemas: the caller's list first, else the `authenticator`
 * role's `pgrst.db_schemas` (database-specific before cluster-wide), else the
 * session's `pgrst.db_schemas`, else `public`.
 */
export function resolveExposedSchemas(input: {
  option?: string[];
  authenticatorDbConfig: unknown;
  authenticatorConfig: unknown;
  sessionDbSchemas: string | null;
}): { schemas: string[]; source: ExposedSchemasSource } {
  if (input.option && input.option.length > 0)
    return { schemas: input.option, source: 'option' };
  const role =
    fromRoleConfig(input.authenticatorDbConfig) ??
    fromRoleConfig(input.authenticatorConfig);
  if (role && role.length > 0)
    return { schemas: role, source: 'authenticator_role' };
  if (input.sessionDbSchemas) {
    const session = parseSchemaList(input.sessionDbSchemas);
    if (session.length > 0) return { schemas: session, source: 'session' };
  }
  return { schemas: ['public'], source: 'default' };
}
