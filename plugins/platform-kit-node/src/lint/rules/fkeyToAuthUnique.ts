import { LintRule } from '../types';

export const fkeyToAuthUnique: LintRule = {
  name: 'fkey_to_auth_unique',
  title: 'Foreign Key to Auth Unique Constraint',
  level: 'ERROR',
  facing: 'EXTERNAL',
  categories: ['SECURITY'],
  description:
    'Detects user defined foreign keys to unique constraints in the auth schema.',
  remediation:
    'Drop the foreign key constraint that references the auth schema.',
  guidance:
    'Reference auth.users(id) (its primary key) instead of a unique column such as email or phone: Supabase Auth may change those constraints in an upgrade, and the foreign key would then block it.',
  severity: 4,
  fixable: false,
  supabase: true,
  detect(index) {
    return index.inventory.constraints
      .filter(
        c =>
          c.type === 'foreign_key' &&
          c.references?.schema === 'auth' &&
          c.references.indexKind === 'unique',
      )
      .map(c => ({
        detail: `Table \`${c.schema}\`.\`${c.table}\` has a foreign key \`${c.name}\` referencing an auth unique constraint`,
        metadata: {
          schema: c.schema,
          name: c.table,
          type: 'table',
          foreign_key: c.name,
        },
        cacheKey: [c.schema, c.table, c.name],
      }));
  },
};
