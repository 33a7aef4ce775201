/**
 * Where a command writes: stdout for results, stderr for progress and errors.
 *
 * @public
 */
export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** stderr is a terminal: show progress. */
  interactive: boolean;
  env: NodeJS.ProcessEnv;
  cwd: string;
}

export const processIo = (): CliIo => ({
  stdout: text => process.stdout.write(text),
  stderr: text => process.stderr.write(text),
  interactive: Boolean(process.stderr.isTTY),
  env: process.env,
  cwd: process.cwd(),
});
