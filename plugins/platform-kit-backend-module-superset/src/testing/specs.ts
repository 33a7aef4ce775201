import fs from 'node:fs';
import path from 'node:path';
import { resolvePackagePath } from '@backstage/backend-plugin-api';

/** The file name of Superset's OpenAPI document among the shared specs. */
export const SUPERSET_SPEC_FILE = 'superset-openapi.json';

function findRepoRoot(from: string): string | undefined {
  let dir = from;
  for (;;) {
    if (fs.existsSync(path.join(dir, 'backstage.json'))) return dir;
    const parent = path.dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

/**
 * Where Superset's OpenAPI document is: `$PLATFORM_KIT_SPECS_DIR`, else
 * `../shared/specs` beside the repository (specs are referenced, never
 * committed).
 *
 * @public
 */
export function supersetSpecPath(): string {
  const dir =
    process.env.PLATFORM_KIT_SPECS_DIR ??
    path.join(
      findRepoRoot(
        resolvePackagePath(
          '@platform-kit/plugin-platform-kit-backend-module-superset',
        ),
      ) ?? process.cwd(),
      '..',
      'shared',
      'specs',
    );
  return path.join(dir, SUPERSET_SPEC_FILE);
}

/** Reads the document, with a message that says how to provide it. */
export function readSupersetSpec(file = supersetSpecPath()): OpenApiDocument {
  if (!fs.existsSync(file)) {
    throw new Error(
      `Superset's OpenAPI document is not at ${file}: put shared/specs beside the repository or set PLATFORM_KIT_SPECS_DIR.`,
    );
  }
  return JSON.parse(fs.readFileSync(file, 'utf8')) as OpenApiDocument;
}

/** The parts of an OpenAPI 3.0 document the stand-in reads. */
export interface OpenApiDocument {
  paths: Record<string, Record<string, OpenApiOperation>>;
  components: {
    schemas: Record<string, unknown>;
    responses: Record<string, unknown>;
  };
}

/** One operation of {@link OpenApiDocument}. */
export interface OpenApiOperation {
  parameters?: {
    name: string;
    in: string;
    required?: boolean;
    schema?: unknown;
    content?: Record<string, { schema: unknown }>;
  }[];
  requestBody?: {
    required?: boolean;
    content: Record<string, { schema: unknown }>;
  };
  responses: Record<string, unknown>;
  security?: Record<string, string[]>[];
}
