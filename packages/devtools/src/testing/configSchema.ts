import { loadConfigSchema } from '@backstage/config-loader';
import { ConnectorType } from '@platform-kit/plugin-platform-kit-node';
import { z } from 'zod';

/** What checking a configuration against packages' config schemas found. */
export interface ConfigSchemaCheck {
  /** The keys the schemas do not declare, as the schema validator words them (empty when every key is declared). */
  undeclared: string[];
  /** The configuration with only the values the schemas mark `@visibility secret`. */
  secrets: Record<string, unknown>;
}

/**
 * Checks a configuration against the config schemas (`configSchema` of
 * `package.json`, e.g. `config.d.ts`) of the given packages alone, not of
 * their dependencies: every key must be declared, and the secret values are
 * returned. For tests that a package's schema covers what its code reads.
 *
 * @param packageJsons - The `package.json` files of the packages.
 */
export async function checkConfigSchema(
  packageJsons: string[],
  config: Record<string, unknown>,
): Promise<ConfigSchemaCheck> {
  const schema = await loadConfigSchema({
    dependencies: [],
    packagePaths: packageJsons,
    excludePackageDependencies: true,
    noUndeclaredProperties: true,
  });
  const configs = [{ data: config as any, context: 'test' }];
  let undeclared: string[] = [];
  try {
    schema.process(configs);
  } catch (error) {
    const { messages, message } = error as {
      messages?: string[];
      message: string;
    };
    undeclared = messages ?? [message];
  }
  const [secret] = schema.process(configs, {
    visibility: ['secret'],
    ignoreSchemaErrors: true,
  });
  return { undeclared, secrets: secret?.data ?? {} };
}

/**
 * A value of each property of an object's JSON Schema (a string naming the
 * property, a number, the first of an enum, ...): a configuration with every
 * option set, each string different.
 */
export function sampleFromJsonSchema(schema: unknown, name = 'value'): unknown {
  const node = (schema ?? {}) as Record<string, any>;
  if (Array.isArray(node.enum)) return node.enum[0];
  if (node.const !== undefined) return node.const;
  for (const key of ['anyOf', 'oneOf'] as const)
    if (Array.isArray(node[key]))
      return sampleFromJsonSchema(node[key][0], name);
  const type = Array.isArray(node.type) ? node.type[0] : node.type;
  switch (type) {
    case 'object':
      return Object.fromEntries(
        Object.entries(node.properties ?? {}).map(([key, property]) => [
          key,
          sampleFromJsonSchema(property, key),
        ]),
      );
    case 'array':
      return [sampleFromJsonSchema(node.items, name)];
    case 'number':
    case 'integer':
      return Math.max(1, Number(node.minimum ?? 1));
    case 'boolean':
      return true;
    default:
      return `https://example.com/${name}`;
  }
}

/** What a connector module's config schema says of its connector type's options. */
export interface ConnectorConfigSchemaCheck {
  /** Options the schema does not declare (see {@link ConfigSchemaCheck}). */
  undeclared: string[];
  /** Options the schema marks `@visibility secret`, sorted. */
  secretOptions: string[];
  /** Options the connector type names as its secrets, sorted. */
  expectedSecretOptions: string[];
}

/**
 * Checks that a connector module's config schema declares every option of
 * its connector type (under `platformKit.targets[].options`) and marks
 * exactly the type's secrets `@visibility secret`.
 *
 * @param packageJson - The module's `package.json`.
 */
export async function checkConnectorConfigSchema(
  packageJson: string,
  type: ConnectorType,
): Promise<ConnectorConfigSchemaCheck> {
  const options = sampleFromJsonSchema(
    z.toJSONSchema(type.optionsSchema, { io: 'input' }),
  ) as Record<string, unknown>;
  const check = await checkConfigSchema([packageJson], {
    platformKit: { targets: [{ options }] },
  });
  const secret = (check.secrets as any).platformKit?.targets?.[0]?.options;
  const secretValues = new Set(type.secrets(options));
  return {
    undeclared: check.undeclared,
    secretOptions: Object.keys(secret ?? {}).sort(),
    expectedSecretOptions: Object.keys(options)
      .filter(key => secretValues.has(options[key] as string))
      .sort(),
  };
}
