import fs from 'node:fs';
import path from 'node:path';
import { OpenApiContract } from '@platform-kit/connector-sdk';
import { parse as parseYaml } from 'yaml';

/**
 * Platform Kit's own contract of the Supabase Management API endpoint the
 * engine calls (`supabase-management-api.yaml` beside this file, written
 * from Supabase's published OpenAPI document and documentation).
 */
export const MANAGEMENT_API_CONTRACT = path.join(
  __dirname,
  'supabase-management-api.yaml',
);

let cached: OpenApiContract | undefined;

/** The compiled contract (read once per process). */
export function loadManagementApiContract(): OpenApiContract {
  cached ??= new OpenApiContract(
    parseYaml(fs.readFileSync(MANAGEMENT_API_CONTRACT, 'utf8')),
    MANAGEMENT_API_CONTRACT,
  );
  return cached;
}
