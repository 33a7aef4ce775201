import fs from 'node:fs';
import { resolvePackagePath } from '@backstage/backend-plugin-api';
import { parse } from 'yaml';

/** The OpenAPI document of the REST API (shipped with the package). */
export function loadOpenApiDocument(): any {
  const file = resolvePackagePath(
    '@platform-kit/plugin-platform-kit-backend',
    'src/schema/openapi.yaml',
  );
  return parse(fs.readFileSync(file, 'utf8'));
}
