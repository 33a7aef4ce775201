import { LintRule, SUPABASE_DOCS } from '../types';

export const extensionVersionsOutdated: LintRule = {
  name: 'extension_versions_outdated',
  title: 'Extension Versions Outdated',
  level: 'WARN',
  facing: 'EXTERNAL',
  categories: ['SECURITY'],
  description:
    'Detects extensions that are not using the default (recommended) version.',
  remediation: `${SUPABASE_DOCS}0022_extension_versions_outdated`,
  guidance:
    'Update the extension to its default version (ALTER EXTENSION ... UPDATE) after reading its release notes; extension updates can change behaviour.',
  severity: 3,
  fixable: true,
  supabase: true,
  detect(index) {
    return index.inventory.extensions
      .filter(
        e =>
          e.defaultVersion !== null &&
          e.installedVersion !== e.defaultVersion &&
          e.installedVersionAvailable,
      )
      .map(e => ({
        detail: `Extension \`${e.name}\` is using version \`${e.installedVersion}\` but version \`${e.defaultVersion}\` is available. Using outdated extension versions may expose the database to security vulnerabilities.`,
        metadata: {
          schema: e.schema,
          name: e.name,
          type: 'extension',
          extension_name: e.name,
          installed_version: e.installedVersion,
          default_version: e.defaultVersion,
        },
        cacheKey: [e.name, e.installedVersion],
      }));
  },
};
