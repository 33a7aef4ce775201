import { run } from './program';
import { processIo } from './io';

run(process.argv.slice(2), processIo()).then(
  code => process.exit(code),
  error => {
    process.stderr.write(
      `platform-kit: ${String(error?.message ?? error).split('\n')[0]}\n`,
    );
    process.exit(2);
  },
);
