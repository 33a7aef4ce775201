export { HttpClient } from './HttpClient';
export type {
  HttpClientOptions,
  RequestOptions,
  HttpResponse,
} from './options';
export { httpClientOptionsSchema, requestOptionsSchema } from './options';
export { ConnectorHttpError } from './ConnectorHttpError';
export type {
  ConnectorHttpErrorReason,
  ConnectorHttpErrorDetails,
} from './ConnectorHttpError';
export {
  redact,
  redactUrl,
  headerSecrets,
  sensitiveQueryValues,
  secretForms,
  REDACTED,
  MIN_SECRET_LENGTH,
} from './redact';
export {
  backoffDelay,
  parseRetryAfter,
  parseRateLimitReset,
  requestedDelay,
  isRetryableStatus,
} from './retryDelay';
export type { Backoff } from './retryDelay';
export { paginateCursor, paginatePages, PaginationError } from './paginate';
export type {
  CursorPage,
  NumberedPage,
  PaginateCursorOptions,
  PaginatePagesOptions,
} from './paginate';
