import {
  ConnectorHttpError,
  HttpClient,
  PaginationError,
  paginateCursor,
} from '@platform-kit/connector-sdk';
import { z } from 'zod';
import {
  N8nTag,
  N8nWorkflow,
  n8nHealthSchema,
  n8nPageSchema,
  n8nTagSchema,
  n8nWorkflowSchema,
} from './n8nSchemas';

/**
 * The API key header of the n8n Public API.
 *
 * @public
 */
export const N8N_API_KEY_HEADER = 'X-N8N-API-KEY';

/**
 * The scopes the connector needs, as n8n names them.
 *
 * @public
 */
export const N8N_REQUIRED_SCOPES = [
  'workflow:list',
  'workflow:read',
  'tag:list',
];

/** Most pages read per list before the connector gives up (250 × 10 000 items). */
const MAX_PAGES = 10_000;

/**
 * A failed call to n8n, explained; never contains the API key.
 *
 * @public
 */
export class N8nApiError extends Error {
  override readonly name = 'N8nApiError';
  /** The HTTP status n8n answered with, if it answered. */
  readonly status?: number;

  constructor(message: string, options: { status?: number; cause?: unknown }) {
    super(message, { cause: options.cause });
    this.status = options.status;
  }
}

interface Operation {
  /** e.g. `list workflows`. */
  what: string;
  /** The scope the operation needs (`x-required-scope`). */
  scope?: string;
}

/**
 * The n8n Public API calls the connector makes, on top of the SDK's
 * {@link HttpClient} (timeouts, retries on 429 and 5xx honouring
 * `Retry-After`, redaction).
 */
export class N8nApi {
  constructor(
    private readonly http: HttpClient,
    private readonly pageSize: number,
    private readonly signal?: AbortSignal,
  ) {}

  /** This API with another key (for the contract test that a wrong key is refused). */
  withApiKey(apiKey: string): N8nApi {
    return new N8nApi(
      this.http.withHeaders({ [N8N_API_KEY_HEADER]: apiKey }, [apiKey]),
      this.pageSize,
      this.signal,
    );
  }

  /** This API with requests that stop when `signal` aborts (a contract test's budget). */
  withSignal(signal: AbortSignal | undefined): N8nApi {
    return new N8nApi(this.http, this.pageSize, signal);
  }

  /** Every workflow, following `nextCursor` until it is null. */
  listWorkflows(pageSize = this.pageSize): Promise<N8nWorkflow[]> {
    return this.list('/api/v1/workflows', n8nWorkflowSchema, pageSize, {
      what: 'list workflows',
      scope: 'workflow:list',
    });
  }

  /** Every tag, following `nextCursor` until it is null. */
  listTags(pageSize = this.pageSize): Promise<N8nTag[]> {
    return this.list('/api/v1/tags', n8nTagSchema, pageSize, {
      what: 'list tags',
      scope: 'tag:list',
    });
  }

  /** One page of workflows (for contract tests that look at paging itself). */
  async workflowPage(
    limit: number,
    cursor?: string,
  ): Promise<{ data: N8nWorkflow[]; nextCursor?: string | null }> {
    return this.page('/api/v1/workflows', n8nWorkflowSchema, limit, cursor, {
      what: 'list workflows',
      scope: 'workflow:list',
    });
  }

  /** One workflow by id. */
  async getWorkflow(id: string): Promise<N8nWorkflow> {
    const operation = { what: `read workflow ${id}`, scope: 'workflow:read' };
    const path = `/api/v1/workflows/${encodeURIComponent(id)}`;
    const body = await this.call(operation, () =>
      this.http.get(path, {
        query: { excludePinnedData: 'true' },
        signal: this.signal,
      }),
    );
    return this.parse(n8nWorkflowSchema, body, path);
  }

  /**
   * `GET /healthz` or `/healthz/readiness`, once (no retries: health is a
   * snapshot) with a short timeout; resolves with n8n's `status` or throws.
   */
  async probe(path: '/healthz' | '/healthz/readiness', timeoutMs: number) {
    const response = await this.http.request('GET', path, {
      retry: false,
      timeoutMs,
      signal: this.signal,
    });
    return this.parse(n8nHealthSchema, response.body, path).status;
  }

  private async list<T>(
    path: string,
    item: z.ZodType<T>,
    pageSize: number,
    operation: Operation,
  ): Promise<T[]> {
    try {
      return await paginateCursor(
        async cursor => {
          const page = await this.page(path, item, pageSize, cursor, operation);
          return { items: page.data, nextCursor: page.nextCursor };
        },
        { maxPages: MAX_PAGES },
      );
    } catch (error) {
      if (error instanceof PaginationError) {
        throw new N8nApiError(
          `n8n's paging is broken, could not ${operation.what}: ${error.message}`,
          { cause: error },
        );
      }
      throw error;
    }
  }

  private async page<T>(
    path: string,
    item: z.ZodType<T>,
    limit: number,
    cursor: string | undefined,
    operation: Operation,
  ): Promise<{ data: T[]; nextCursor?: string | null }> {
    const query: Record<string, string | number | undefined> = {
      limit,
      cursor,
    };
    if (path === '/api/v1/workflows') query.excludePinnedData = 'true';
    const body = await this.call(operation, () =>
      this.http.get(path, { query, signal: this.signal }),
    );
    return this.parse(n8nPageSchema(item), body, path);
  }

  private parse<T>(schema: z.ZodType<T>, body: unknown, path: string): T {
    const result = schema.safeParse(body);
    if (result.success) return result.data;
    const problems = result.error.issues
      .slice(0, 5)
      .map(issue => `${issue.path.join('.') || '(body)'}: ${issue.message}`)
      .join('; ');
    throw new N8nApiError(
      this.http.redact(
        `n8n answered GET ${path} with a body the connector does not understand (${problems}); is this the n8n Public API v1?`,
      ),
      {},
    );
  }

  private async call(
    operation: Operation,
    fn: () => Promise<unknown>,
  ): Promise<unknown> {
    try {
      return await fn();
    } catch (error) {
      if (!(error instanceof ConnectorHttpError)) throw error;
      throw new N8nApiError(this.http.redact(explain(error, operation)), {
        status: error.status,
        cause: error,
      });
    }
  }
}

function explain(error: ConnectorHttpError, operation: Operation): string {
  const prefix = `n8n: could not ${operation.what}`;
  switch (error.status) {
    case 401:
      return `${prefix}: n8n refused the API key (401); check the connector's apiKey (n8n Settings → n8n API). ${error.message}`;
    case 403:
      return `${prefix}: the API key lacks the scope ${
        operation.scope ?? 'this operation needs'
      } (403); create a key with the scopes ${N8N_REQUIRED_SCOPES.join(
        ', ',
      )}. ${error.message}`;
    case 404:
      return operation.what.startsWith('list')
        ? `${prefix}: not found (404); is the n8n Public API enabled (N8N_PUBLIC_API_DISABLED) and baseUrl right? ${error.message}`
        : `${prefix}: not found (404). ${error.message}`;
    default:
      return `${prefix}: ${error.message}`;
  }
}
