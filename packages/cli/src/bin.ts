import { run } from './program';
import { processIo } from './io';

// exitCode, not process.exit(): a large JSON/SARIF written to a pipe must be flushed first.
run(process.argv.slice(2), processIo()).then(
  code => {
    process.exitCode = code;
  },
  error => {
    process.stderr.write(
      `platform-kit: ${String(error?.message ?? error).split('\n')[0]}\n`,
    );
    process.exitCode = 2;
  },
);
