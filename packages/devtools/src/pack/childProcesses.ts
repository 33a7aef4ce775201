import { ChildProcess, spawn } from 'node:child_process';
import { UserFacingError } from '../util/fail';

/**
 * The commands a pack runs, each in its own process group so that an
 * interruption stops a command together with the scripts it started (a
 * prepack left running would rewrite a package.json after it was restored).
 */
export class ChildProcesses {
  private readonly running = new Set<ChildProcess>();
  private stoppedBy: NodeJS.Signals | undefined;

  /** Runs a command and resolves to its exit code and output (stdout and stderr). */
  run(
    command: string,
    args: string[],
    cwd: string,
  ): Promise<{ code: number; output: string }> {
    if (this.stoppedBy)
      return Promise.resolve({
        code: 1,
        output: `stopped by ${this.stoppedBy}`,
      });
    return new Promise(resolve => {
      const child = spawn(command, args, {
        cwd,
        env: process.env,
        detached: true,
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      this.running.add(child);
      let output = '';
      child.stdout.on('data', d => (output += d));
      child.stderr.on('data', d => (output += d));
      child.on('error', error => {
        this.running.delete(child);
        resolve({ code: 127, output: `${command}: ${error.message}` });
      });
      child.on('close', (code, signal) => {
        this.running.delete(child);
        resolve({ code: code ?? (signal ? 128 : 1), output });
      });
    });
  }

  /** Runs a command; a non-zero exit throws with the end of its output. */
  async mustRun(what: string, command: string, args: string[], cwd: string) {
    const { code, output } = await this.run(command, args, cwd);
    if (this.stoppedBy)
      throw new UserFacingError(
        `Interrupted (${this.stoppedBy}) during ${what}; every package.json is restored.`,
        130,
      );
    if (code !== 0) {
      const tail = output.trim().split('\n').slice(-20).join('\n');
      throw new UserFacingError(`${what} failed (exit ${code}):\n${tail}`);
    }
  }

  /** Stops every running command's process group; later runs do not start. */
  stop(signal: NodeJS.Signals) {
    this.stoppedBy = signal;
    for (const child of this.running) {
      try {
        process.kill(-child.pid!, 'SIGTERM');
      } catch {
        // already gone
      }
    }
  }
}
