import {
  Finding,
  Inventory,
  LintLevel,
} from '@platform-kit/plugin-platform-kit-common';
import type { LintResult } from '@platform-kit/plugin-platform-kit-node';

const LEVELS: LintLevel[] = ['ERROR', 'WARN', 'INFO'];

function objectName(f: Finding): string {
  const { schema, name } = f.metadata;
  if (schema && name) return `${schema}.${name}`;
  return String(name ?? schema ?? '');
}

/** RLS coverage of user tables: how many have row level security, exposed or not. */
export function rlsCoverage(inventory: Inventory) {
  const tables = inventory.relations.filter(
    r => r.kind === 'table' && !r.managed,
  );
  const exposed = new Set(inventory.exposedSchemas.schemas);
  const inApi = tables.filter(t => exposed.has(t.schema));
  return {
    all: {
      total: tables.length,
      protected: tables.filter(t => t.rlsEnabled).length,
    },
    exposed: {
      total: inApi.length,
      protected: inApi.filter(t => t.rlsEnabled).length,
    },
  };
}

/** The findings for a terminal: grouped by level, worst first, with counts. */
export function formatFindingsTable(
  result: LintResult,
  inventory: Inventory,
): string {
  const lines: string[] = [];
  const target = `${inventory.server.database} (PostgreSQL ${
    inventory.server.version.split(' ')[1] ?? ''
  })`;
  lines.push(
    `Database ${target}; exposed schemas: ${inventory.exposedSchemas.schemas.join(
      ', ',
    )} (from ${inventory.exposedSchemas.source.replace('_', ' ')})`,
  );
  for (const level of LEVELS) {
    const group = result.findings.filter(f => f.level === level);
    if (group.length === 0) continue;
    lines.push('', `${level} (${group.length})`);
    const width = Math.max(...group.map(f => f.name.length));
    for (const f of group) {
      lines.push(`  [${f.severity}] ${f.name.padEnd(width)}  ${objectName(f)}`);
      lines.push(`      ${f.detail}`);
    }
  }
  const count = (l: LintLevel) =>
    result.findings.filter(f => f.level === l).length;
  const coverage = rlsCoverage(inventory);
  const suppressed = result.suppressed.length
    ? `; ${result.suppressed.length} suppressed by exclusions`
    : '';
  lines.push(
    '',
    `${result.findings.length} findings: ${count('ERROR')} error, ${count(
      'WARN',
    )} warn, ${count('INFO')} info${suppressed}`,
    `RLS coverage: ${coverage.exposed.protected}/${coverage.exposed.total} tables in exposed schemas, ${coverage.all.protected}/${coverage.all.total} user tables`,
  );
  return `${lines.join('\n')}\n`;
}
