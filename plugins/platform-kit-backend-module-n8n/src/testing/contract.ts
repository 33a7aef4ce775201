import fs from 'node:fs';
import { resolvePackagePath } from '@backstage/backend-plugin-api';
import { OpenApiContract } from '@platform-kit/connector-sdk';
import { parse as parseYaml } from 'yaml';

/**
 * Platform Kit's own contract of the n8n endpoints the connector calls
 * (`contracts/n8n-public-api.yaml` of this package, written from n8n's
 * published OpenAPI document and documentation), compiled for the
 * stand-in and the connector's tests.
 */

/**
 * Where the contract file is, from the sources and from a build alike.
 *
 * @public
 */
export function n8nContractPath(): string {
  return resolvePackagePath(
    '@platform-kit/plugin-platform-kit-backend-module-n8n',
    'contracts/n8n-public-api.yaml',
  );
}

let cached: OpenApiContract | undefined;

/**
 * The compiled contract (read once per process).
 *
 * @public
 */
export function loadN8nContract(): OpenApiContract {
  if (!cached) {
    const file = n8nContractPath();
    cached = new OpenApiContract(
      parseYaml(fs.readFileSync(file, 'utf8')),
      file,
    );
  }
  return cached;
}
