import { ident, literal } from '../sql';
import { PatchBuilder, PatchDraft } from '../types';
import { metadataString } from './common';
import { templateStatements } from './hardenFunction';

/** extension_versions_outdated: update the extension to its default version. */
export const updateExtensionBuilder: PatchBuilder = {
  lints: ['extension_versions_outdated'],
  build(finding, { inventory }): PatchDraft {
    const name = metadataString(finding, 'name');
    const ext = inventory.extensions.find(e => e.name === name);
    if (!ext) throw new Error(`extension ${name} is not in the inventory`);
    if (ext.defaultVersion === null)
      throw new Error(
        `extension ${ext.name} has no default version on the server (its files are not installed)`,
      );
    const [updateSql] = templateStatements(
      'update_extension',
      ['extension', 'version'],
      1,
    );
    return {
      lint: finding.name,
      findingKey: finding.cache_key,
      title: `Update extension ${ext.name} from ${ext.installedVersion} to ${ext.defaultVersion}`,
      steps: [
        {
          id: `update-extension:${ext.name}`,
          sql: updateSql({
            extension: ident(ext.name),
            version: literal(ext.defaultVersion),
          }),
          rationale: `Runs ${ext.name}'s own update scripts from ${ext.installedVersion} to ${ext.defaultVersion}, the default version of the files installed on the server, named explicitly so the plan does what it previewed. Objects that use the extension keep their references (by OID); read its release notes, as an update can change how its functions behave.`,
          risk: 'safe',
          transactional: true,
          resolves: [finding.cache_key],
          tables: [],
          functions: [],
        },
      ],
      manual: null,
    };
  },
};
