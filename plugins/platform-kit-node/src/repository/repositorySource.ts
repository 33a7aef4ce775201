/**
 * Read access to one repository, whatever hosts it (a local folder, the
 * GitHub REST API). Paths are relative to the repository root and use `/`.
 *
 * @public
 */
export interface RepositorySource {
  /** Names the repository in evidence, e.g. `github.com/acme/tasks` or a folder. */
  readonly label: string;
  /**
   * Every file under the folder `prefix` (recursively), as repository paths,
   * sorted; `[]` when the folder does not exist.
   */
  listFiles(prefix: string): Promise<string[]>;
  /** The file's text, or undefined when there is no such file. */
  readFile(path: string): Promise<string | undefined>;
  /** Whether the default branch is protected; undefined when it cannot be known. */
  defaultBranchProtected(): Promise<boolean | undefined>;
  /**
   * Optional: a sentence on what decided {@link RepositorySource.defaultBranchProtected}
   * (the branch, the protection or rules found, why it is unknown).
   */
  describeBranchProtection?(): Promise<string>;
}
