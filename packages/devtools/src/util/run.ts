import { spawn, SpawnOptions } from 'node:child_process';

/** Runs a command with inherited stdio and resolves to its exit code. */
export function run(
  command: string,
  args: string[],
  options: SpawnOptions = {},
): Promise<number> {
  return new Promise(resolve => {
    const child = spawn(command, args, { stdio: 'inherit', ...options });
    child.on('error', () => resolve(127));
    child.on('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
  });
}

/** Milliseconds formatted the way the step summaries print them. */
export function formatDuration(ms: number): string {
  const seconds = Math.round(ms / 100) / 10;
  return seconds >= 60
    ? `${Math.floor(seconds / 60)} min ${Math.round(seconds % 60)} s`
    : `${seconds} s`;
}
