import { ResponseError } from '@backstage/errors';

/** The server's message of an error body: `{ error: { message } }`, also when it came as text. */
function serverMessage(error: ResponseError): string {
  const message = error.cause?.message ?? error.message;
  const text = /^Request failed with status \d+[^,]*, (\{.*\})$/s.exec(message);
  if (text) {
    try {
      const body = JSON.parse(text[1]);
      if (typeof body?.error?.message === 'string') return body.error.message;
    } catch {
      // not JSON: keep the message as it is
    }
  }
  return message;
}

/** What to tell a user about a failed call: the server's message when there is one. */
export function errorMessage(error: unknown): string {
  if (ResponseError.is(error)) return serverMessage(error);
  return error instanceof Error ? error.message : String(error);
}

/** The server's message of a 404 (e.g. "no profile", "not evaluated yet"), else undefined. */
export function notFoundMessage(error: unknown): string | undefined {
  if (ResponseError.is(error) && error.statusCode === 404) {
    return serverMessage(error);
  }
  return undefined;
}
