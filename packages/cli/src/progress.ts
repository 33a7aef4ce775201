import { CliIo } from './io';

/** Progress lines on stderr, only when stderr is a terminal. */
export function progress(io: CliIo): (step: string) => void {
  if (!io.interactive) return () => {};
  return step => io.stderr(`\u001b[2K\r… reading ${step}`);
}

export function endProgress(io: CliIo): void {
  if (io.interactive) io.stderr('\u001b[2K\r');
}
