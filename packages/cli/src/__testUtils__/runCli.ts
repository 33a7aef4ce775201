import { CliIo } from '../io';
import { run } from '../program';

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `platform-kit <args>` in-process with captured output. */
export async function runCli(
  args: string[],
  options: {
    env?: NodeJS.ProcessEnv;
    interactive?: boolean;
    cwd?: string;
  } = {},
): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const io: CliIo = {
    stdout: t => {
      stdout += t;
    },
    stderr: t => {
      stderr += t;
    },
    interactive: options.interactive ?? false,
    env: options.env ?? {},
    cwd: options.cwd ?? process.cwd(),
  };
  const code = await run(args, io);
  return { code, stdout, stderr };
}
