import { LintRule } from '../types';

export const extensionInExposedSchema: LintRule = {
  name: 'extension_in_exposed_schema',
  title: 'Extension in Exposed Schema',
  level: 'WARN',
  facing: 'EXTERNAL',
  categories: ['SECURITY'],
  description:
    'Detects extensions installed in a schema exposed through the Data API other than `public` (which extension_in_public covers). Their functions and tables become part of the API.',
  remediation:
    'https://supabase.com/docs/guides/database/database-linter?lint=0014_extension_in_public',
  guidance:
    'Move the extension to the `extensions` schema (ALTER EXTENSION ... SET SCHEMA extensions).',
  severity: 3,
  fixable: true,
  supabase: false,
  detect(index) {
    return index.inventory.extensions
      .filter(e => e.schema !== 'public' && index.isExposed(e.schema))
      .map(e => ({
        detail: `Extension \`${e.name}\` is installed in the exposed schema \`${e.schema}\`. Move it to another schema.`,
        metadata: {
          schema: e.schema,
          name: e.name,
          type: 'extension',
          relocatable: e.relocatable,
        },
        cacheKey: [e.schema, e.name],
      }));
  },
};
