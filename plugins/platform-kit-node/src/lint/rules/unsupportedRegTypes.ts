import { LintRule, SUPABASE_DOCS } from '../types';

/** reg* types that store OIDs, which pg_upgrade cannot carry over. */
const UNSUPPORTED = new Set([
  'regcollation',
  'regconfig',
  'regdictionary',
  'regnamespace',
  'regoper',
  'regoperator',
  'regproc',
  'regprocedure',
]);

export const unsupportedRegTypes: LintRule = {
  name: 'unsupported_reg_types',
  title: 'Unsupported reg types',
  level: 'WARN',
  facing: 'EXTERNAL',
  categories: ['SECURITY'],
  description:
    'Identifies columns using unsupported reg* types outside pg_catalog schema, which prevents database upgrades using pg_upgrade.',
  remediation: `${SUPABASE_DOCS}unsupported_reg_types`,
  guidance:
    'Store the object name as text (or regclass/regtype, which pg_upgrade supports) instead; otherwise the project cannot be upgraded to a new PostgreSQL major version.',
  severity: 3,
  fixable: false,
  supabase: true,
  detect(index) {
    return index.inventory.columns
      .filter(c => UNSUPPORTED.has(c.baseType))
      .map(c => ({
        detail: `Table \`${c.schema}.${c.table}\` has a column \`${c.name}\` with unsupported reg* type \`${c.type}\`.`,
        metadata: {
          schema: c.schema,
          name: c.table,
          type: 'table',
          column: c.name,
          column_type: c.type,
        },
        cacheKey: [c.schema, c.table, c.name],
      }));
  },
};
