import { RepositorySource } from '../repositorySource';

/** A repository held in memory, for tests of what is derived from its files. */
export function memoryRepositorySource(
  files: Record<string, string>,
  branchProtected?: boolean,
): RepositorySource {
  return {
    label: 'memory',
    async listFiles(prefix) {
      const folder = prefix.replace(/\/+$/, '');
      return Object.keys(files)
        .filter(file => folder === '' || file.startsWith(`${folder}/`))
        .sort();
    },
    async readFile(path) {
      return files[path];
    },
    async defaultBranchProtected() {
      return branchProtected;
    },
  };
}
