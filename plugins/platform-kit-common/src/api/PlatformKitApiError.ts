/**
 * A failed call to the Platform Kit control plane: the HTTP status (0 when
 * the backend could not be reached) and the server's message.
 *
 * @public
 */
export class PlatformKitApiError extends Error {
  readonly name = 'PlatformKitApiError';

  constructor(
    /** The HTTP status, or 0 when no answer came. */
    readonly status: number,
    message: string,
    /** The server's error name (`NotFoundError`, `InputError`, ...), when it sent one. */
    readonly errorName?: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }

  /** Whether a value is such an error (also across copies of this package). */
  static is(value: unknown): value is PlatformKitApiError {
    return (
      value instanceof PlatformKitApiError ||
      (value instanceof Error &&
        value.name === 'PlatformKitApiError' &&
        typeof (value as { status?: unknown }).status === 'number')
    );
  }
}

const MAX_MESSAGE = 2000;

/** The server's message of an error body: Backstage's `{ error: { name, message } }`, else its text. */
export function serverError(
  body: unknown,
  status: number,
  statusText: string,
): { message: string; name?: string } {
  const error = (body as { error?: { name?: unknown; message?: unknown } })
    ?.error;
  if (error && typeof error.message === 'string')
    return {
      message: error.message,
      name: typeof error.name === 'string' ? error.name : undefined,
    };
  const text = typeof body === 'string' ? body.trim() : '';
  if (text) return { message: text.slice(0, MAX_MESSAGE) };
  return {
    message: `Request failed with status ${status}${
      statusText ? ` ${statusText}` : ''
    }`,
  };
}
