import { TargetError } from '@platform-kit/plugin-platform-kit-node';

/** Exit codes: 0 clean, 1 findings at or above --fail-on, 2 usage / connection / permission errors. */
export const EXIT = { ok: 0, findings: 1, error: 2 } as const;

/** An error whose message is one sentence for the user; printed without a stack. */
export class CliError extends Error {
  constructor(message: string, readonly exitCode: number = EXIT.error) {
    super(message);
    this.name = 'CliError';
  }
}

/** Turns any error into the one line the CLI prints. */
export function explain(error: unknown): string {
  if (error instanceof CliError) return error.message;
  if (error instanceof TargetError) {
    const what = {
      connection: 'cannot connect to the database',
      permission: 'the database refused access',
      query: 'a catalog query failed',
      timeout: 'a catalog query timed out',
    }[error.kind];
    return `${what}: ${error.message.split('\n')[0]}`;
  }
  return error instanceof Error ? error.message.split('\n')[0] : String(error);
}
