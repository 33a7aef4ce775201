import { EXIT, explain } from './errors';
import { processIo } from './io';
import { run } from './program';

/**
 * Runs the command line of this process and sets its exit code.
 *
 * @public
 */
export function main(argv: string[] = process.argv.slice(2)): Promise<void> {
  // exitCode, not process.exit(): a large JSON/SARIF written to a pipe must be flushed first.
  return run(argv, processIo()).then(
    code => {
      process.exitCode = code;
    },
    error => {
      process.stderr.write(`platform-kit: ${explain(error)}\n`);
      process.exitCode = EXIT.error;
    },
  );
}
