import fs from 'node:fs';
import { resolvePackagePath } from '@backstage/backend-plugin-api';
import { OpenApiContract } from '@platform-kit/connector-sdk';
import { parse as parseYaml } from 'yaml';

/**
 * Platform Kit's own contract of the Superset endpoints the connector calls
 * (`contracts/superset-rest-api.yaml` of this package, written from
 * Superset's published OpenAPI document, its source and its issue tracker),
 * compiled for the stand-in and the connector's tests.
 */

/**
 * The Superset operations the connector calls, as the contract names them.
 *
 * @public
 */
export const SUPERSET_OPERATIONS = {
  login: { method: 'post', path: '/api/v1/security/login' },
  dashboards: { method: 'get', path: '/api/v1/dashboard/' },
  datasets: { method: 'get', path: '/api/v1/dataset/' },
  charts: { method: 'get', path: '/api/v1/chart/' },
  dashboardDatasets: {
    method: 'get',
    path: '/api/v1/dashboard/{id_or_slug}/datasets',
  },
} as const;

/**
 * One of {@link SUPERSET_OPERATIONS}.
 *
 * @public
 */
export type SupersetOperation = keyof typeof SUPERSET_OPERATIONS;

/**
 * Where the contract file is, from the sources and from a build alike.
 *
 * @public
 */
export function supersetContractPath(): string {
  return resolvePackagePath(
    '@platform-kit/plugin-platform-kit-backend-module-superset',
    'contracts/superset-rest-api.yaml',
  );
}

let cached: OpenApiContract | undefined;

/**
 * The compiled contract (read once per process).
 *
 * @public
 */
export function loadSupersetContract(): OpenApiContract {
  if (!cached) {
    const file = supersetContractPath();
    cached = new OpenApiContract(
      parseYaml(fs.readFileSync(file, 'utf8')),
      file,
    );
  }
  return cached;
}
