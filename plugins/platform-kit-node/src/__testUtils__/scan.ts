import { createTestDatabase, TestDatabase } from '@platform-kit/devtools';
import { Finding, Inventory } from '@platform-kit/plugin-platform-kit-common';
import { PgExecutor } from '../executor/pgExecutor';
import { introspect, IntrospectOptions } from '../introspection/introspect';
import { runLints, RunLintsOptions } from '../lint/runLints';

/** A Supabase-like test database and helpers to plant objects and scan it. */
export interface ScanFixture {
  db: TestDatabase;
  /** Runs SQL as the superuser. */
  sql(text: string): Promise<void>;
  inventory(options?: IntrospectOptions): Promise<Inventory>;
  /** Findings of one rule (or all rules when omitted). */
  findings(
    rule?: string,
    options?: IntrospectOptions & RunLintsOptions,
  ): Promise<Finding[]>;
}

export async function createScanFixture(
  options: { supabase?: boolean } = {},
): Promise<ScanFixture> {
  const db = await createTestDatabase({ supabase: options.supabase });
  const client = await db.connect();
  const inventory = async (opts: IntrospectOptions = {}) => {
    const executor = new PgExecutor(db.url);
    try {
      return await introspect(executor, opts);
    } finally {
      await executor.close();
    }
  };
  return {
    db,
    sql: async text => {
      await client.query(text);
    },
    inventory,
    findings: async (rule, opts = {}) => {
      const result = runLints(await inventory(opts), opts);
      return rule
        ? result.findings.filter(f => f.name === rule)
        : result.findings;
    },
  };
}

/** `schema.name` of each finding, sorted, for compact assertions. */
export function objects(findings: Finding[]): string[] {
  return findings.map(f => `${f.metadata.schema}.${f.metadata.name}`).sort();
}
