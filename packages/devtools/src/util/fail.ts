/**
 * An error whose message is a complete, user-facing sentence. Commands print
 * only the message (no stack) and exit non-zero.
 */
export class UserFacingError extends Error {
  constructor(message: string, readonly exitCode = 1) {
    super(message);
    this.name = 'UserFacingError';
  }
}

export function describeError(error: unknown): string {
  if (error instanceof UserFacingError) return error.message;
  if (error instanceof Error) return error.message.split('\n')[0];
  return String(error);
}
