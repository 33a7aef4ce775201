import { LintRule, SUPABASE_DOCS } from '../types';

export const extensionInPublic: LintRule = {
  name: 'extension_in_public',
  title: 'Extension in Public',
  level: 'WARN',
  facing: 'EXTERNAL',
  categories: ['SECURITY'],
  description: 'Detects extensions installed in the `public` schema.',
  remediation: `${SUPABASE_DOCS}0014_extension_in_public`,
  guidance:
    'Move the extension to a dedicated schema (ALTER EXTENSION ... SET SCHEMA extensions) and make the functions that use it reference that schema, so its objects are not part of the API.',
  severity: 3,
  fixable: true,
  supabase: true,
  detect(index) {
    return index.inventory.extensions
      .filter(e => e.schema === 'public')
      .map(e => ({
        detail: `Extension \`${e.name}\` is installed in the public schema. Move it to another schema.`,
        metadata: {
          schema: e.schema,
          name: e.name,
          type: 'extension',
          relocatable: e.relocatable,
        },
        cacheKey: [e.name],
        severity: index.isExposed('public') ? 3 : 2,
      }));
  },
};
