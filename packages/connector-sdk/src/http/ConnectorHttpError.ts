/**
 * Why a request failed:
 * - `status`: the source answered with a non-2xx status;
 * - `timeout`: an attempt took longer than `timeoutMs`;
 * - `network`: no answer (connection refused or reset, DNS, TLS, ...);
 * - `invalid-response`: a 2xx answer whose body is not the expected JSON;
 * - `aborted`: the caller's `signal` aborted the request.
 *
 * @public
 */
export type ConnectorHttpErrorReason =
  | 'status'
  | 'timeout'
  | 'network'
  | 'invalid-response'
  | 'aborted';

/**
 * The already redacted facts a {@link ConnectorHttpError} is built from.
 *
 * @public
 */
export interface ConnectorHttpErrorDetails {
  reason: ConnectorHttpErrorReason;
  method: string;
  /** Redacted. */
  url: string;
  status?: number;
  statusText?: string;
  /** Redacted, at most a few hundred characters. */
  bodySnippet?: string;
  retryable: boolean;
  attempts: number;
  retryAfterMs?: number;
  /** Redacted description of the underlying network error, if any. */
  causeMessage?: string;
  /** Extra words appended to the message. */
  note?: string;
}

function describe(details: ConnectorHttpErrorDetails): string {
  const attempts =
    details.attempts === 1 ? '1 attempt' : `${details.attempts} attempts`;
  let what: string;
  switch (details.reason) {
    case 'status':
      what = `failed with ${details.status}${
        details.statusText ? ` ${details.statusText}` : ''
      }`;
      break;
    case 'timeout':
      what = 'timed out';
      break;
    case 'invalid-response':
      what = `answered ${details.status} with a body that is not valid JSON`;
      break;
    case 'aborted':
      what = 'was aborted by the caller';
      break;
    default:
      what = `could not reach the server${
        details.causeMessage ? ` (${details.causeMessage})` : ''
      }`;
  }
  const parts = [`${details.method} ${details.url} ${what} after ${attempts}`];
  if (details.note) parts.push(details.note);
  if (details.bodySnippet) parts.push(`body: ${details.bodySnippet}`);
  return parts.join('; ');
}

/**
 * A failed HTTP call to a connector's source. Its message, URL, body snippet
 * and stack never contain the client's secrets: header values, the
 * configured `secrets`, and sensitive query parameters (`api_key`, `token`,
 * ...) are replaced with `[REDACTED]`.
 *
 * @example
 * `GET http://127.0.0.1:5678/api/v1/workflows?api_key=[REDACTED] failed with 503 Service Unavailable after 4 attempts; body: {"message":"busy"}`
 *
 * @public
 */
export class ConnectorHttpError extends Error {
  override readonly name = 'ConnectorHttpError';
  /** Why the request failed. */
  readonly reason: ConnectorHttpErrorReason;
  /** The last HTTP status received, if the server answered at all. */
  readonly status?: number;
  /** e.g. `GET`. */
  readonly method: string;
  /** The request URL with secrets redacted. */
  readonly url: string;
  /** Start of the response body (whitespace collapsed, secrets redacted). */
  readonly bodySnippet?: string;
  /** Whether trying again later may succeed (429, 5xx, timeouts, network errors). */
  readonly retryable: boolean;
  /** How many attempts were made. */
  readonly attempts: number;
  /** How long the server asked to wait (`Retry-After`), when it did. */
  readonly retryAfterMs?: number;

  constructor(details: ConnectorHttpErrorDetails) {
    super(describe(details));
    this.reason = details.reason;
    this.status = details.status;
    this.method = details.method;
    this.url = details.url;
    this.bodySnippet = details.bodySnippet;
    this.retryable = details.retryable;
    this.attempts = details.attempts;
    this.retryAfterMs = details.retryAfterMs;
  }
}
