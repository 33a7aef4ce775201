import { createHash } from 'node:crypto';
import { Finding } from '@platform-kit/plugin-platform-kit-common';
import type { LintResult } from '@platform-kit/plugin-platform-kit-node';
import { lintCatalogue } from '@platform-kit/plugin-platform-kit-node';

const SARIF_LEVEL = { ERROR: 'error', WARN: 'warning', INFO: 'note' } as const;
/** GitHub's security-severity scale (0.1-10): critical > 9, high 7-8.9, medium 4-6.9, low < 4. */
const SECURITY_SEVERITY: Record<number, string> = {
  1: '2.0',
  2: '3.5',
  3: '5.5',
  4: '7.5',
  5: '9.5',
};

/** A stable, repository-relative place for a database object (no source file maps to it). */
function artifactUri(f: Finding, database: string): string {
  const parts = [f.metadata.schema, f.metadata.name]
    .filter(Boolean)
    .map(p => encodeURIComponent(String(p)));
  return ['database', encodeURIComponent(database), ...parts].join('/');
}

/** Findings as SARIF 2.1.0, as GitHub code scanning accepts it. */
export function formatSarif(
  result: LintResult,
  database: string,
  version: string,
): string {
  const catalogue = lintCatalogue().filter(r => result.rules.includes(r.name));
  const ruleIndex = new Map(catalogue.map((r, i) => [r.name, i]));
  const sarif = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'platform-kit',
            semanticVersion: version,
            informationUri:
              'https://supabase.com/docs/guides/database/database-advisors',
            rules: catalogue.map(r => ({
              id: r.name,
              name: r.title,
              shortDescription: { text: r.title },
              fullDescription: { text: r.description.slice(0, 1024) },
              help: {
                text: r.guidance,
                markdown: `${r.guidance}\n\n${r.remediation}`,
              },
              ...(r.remediation.startsWith('http')
                ? { helpUri: r.remediation }
                : {}),
              defaultConfiguration: { level: SARIF_LEVEL[r.level] },
              properties: {
                tags: r.categories.map(c => c.toLowerCase()),
                ...(r.categories.includes('SECURITY')
                  ? { 'security-severity': SECURITY_SEVERITY[r.severity] }
                  : {}),
              },
            })),
          },
        },
        automationDetails: { id: `platform-kit/db-lint/${database}` },
        results: result.findings.map(f => ({
          ruleId: f.name,
          ruleIndex: ruleIndex.get(f.name),
          level: SARIF_LEVEL[f.level],
          message: { text: f.detail },
          locations: [
            {
              physicalLocation: {
                artifactLocation: { uri: artifactUri(f, database) },
                region: {
                  startLine: 1,
                  startColumn: 1,
                  endLine: 1,
                  endColumn: 2,
                },
              },
              logicalLocations: [
                {
                  name: String(
                    f.metadata.name ?? f.metadata.schema ?? database,
                  ),
                  fullyQualifiedName: [f.metadata.schema, f.metadata.name]
                    .filter(Boolean)
                    .join('.'),
                  kind: String(f.metadata.type ?? 'object'),
                },
              ],
            },
          ],
          partialFingerprints: {
            primaryLocationLineHash: createHash('sha256')
              .update(f.cache_key)
              .digest('hex')
              .slice(0, 32),
          },
          properties: {
            severity: f.severity,
            fixable: f.fixable,
            ...(f.categories.includes('SECURITY')
              ? { 'security-severity': SECURITY_SEVERITY[f.severity] }
              : {}),
          },
        })),
      },
    ],
  };
  return `${JSON.stringify(sarif, null, 2)}\n`;
}
