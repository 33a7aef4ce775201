import createClient from 'openapi-fetch';
import type { z } from 'zod';
import { InvalidEntityRefError, normalizeEntityRef } from '../entityRef';
import { PlatformKitApiError, serverError } from './PlatformKitApiError';
import * as schemas from './generated/zod';
import type {
  ApplyRequest,
  ConnectorItemsResponse,
  ConnectorsResponse,
  Exemption,
  ExemptionRequest,
  ExemptionsResponse,
  FindingsResponse,
  HealthResponse,
  IngestionReport,
  InventoryResponse,
  JobRetried,
  JobsResponse,
  ParityResponse,
  RemediationPlanRecord,
  RemediationPlanRequest,
  RemediationPlansResponse,
  ResultsPush,
  ResultsRecorded,
  ScanQueued,
  ScanRecord,
  ScanRequest,
  ScorecardsResponse,
  TargetsResponse,
  operations,
  paths,
} from './generated/types';

/** @public */
export type FindingsQuery = NonNullable<
  operations['getFindings']['parameters']['query']
>;
/** @public */
export type InventoryQuery = NonNullable<
  operations['getInventory']['parameters']['query']
>;
/** @public */
export type JobsQuery = NonNullable<
  operations['listJobs']['parameters']['query']
>;
/** @public */
export type ExemptionsQuery = NonNullable<
  operations['listExemptions']['parameters']['query']
>;
/** @public */
export type ScorecardsQuery = NonNullable<
  operations['getScorecards']['parameters']['query']
>;

/**
 * Where and how the client calls the control plane.
 *
 * @public
 */
export interface PlatformKitClientOptions {
  /** The plugin's base URL, e.g. discovery's `getBaseUrl('platform-kit')`. */
  baseUrl: () => Promise<string>;
  /** The fetch to use (Backstage's fetchApi adds the user's token); the global one by default. */
  fetch?: typeof fetch;
  /** A Backstage token sent as `Authorization: Bearer`, asked for on every call. */
  token?: () => Promise<string | undefined>;
  /** Milliseconds a call may take before it is given up (status 0); no limit by default. */
  timeoutMs?: number;
  /** Aborts every call of this client when it fires (e.g. a cancelled scaffolder task). */
  signal?: AbortSignal;
  /**
   * Checks every answer against the zod schema generated from the document
   * (an answer that does not match is a PlatformKitApiError naming where);
   * the methods then return what the schemas parsed. Off by default.
   */
  validate?: boolean;
}

/**
 * One typed method per operation of the control plane's REST API
 * (`/api/platform-kit`, its OpenAPI document). Entity routes take an entity
 * ref (`component:default/shop`, `component:shop`). Every failure is a
 * {@link PlatformKitApiError}.
 *
 * @public
 */
export interface PlatformKitApiClient {
  getHealth(): Promise<HealthResponse>;
  getParity(entityRef: string): Promise<ParityResponse>;
  getFindings(
    entityRef: string,
    query?: FindingsQuery,
  ): Promise<FindingsResponse>;
  getInventory(
    entityRef: string,
    query?: InventoryQuery,
  ): Promise<InventoryResponse>;
  requestScan(request: ScanRequest): Promise<ScanQueued>;
  getScan(id: string): Promise<ScanRecord>;
  listJobs(query?: JobsQuery): Promise<JobsResponse>;
  /** Scans are queued again; failed remediation plans are applied again. */
  retryJob(id: string): Promise<JobRetried>;
  listExemptions(query?: ExemptionsQuery): Promise<ExemptionsResponse>;
  createExemption(request: ExemptionRequest): Promise<Exemption>;
  revokeExemption(id: string): Promise<void>;
  getScorecards(query?: ScorecardsQuery): Promise<ScorecardsResponse>;
  /** Results computed in CI (a service token with platform-kit.results.push). */
  pushResults(request: ResultsPush): Promise<ResultsRecorded>;
  listRemediationPlans(entityRef: string): Promise<RemediationPlansResponse>;
  createRemediationPlan(
    request: RemediationPlanRequest,
  ): Promise<RemediationPlanRecord>;
  getRemediationPlan(id: string): Promise<RemediationPlanRecord>;
  /** Starts the apply (202): poll {@link PlatformKitApiClient.getRemediationPlan} for its outcome. */
  applyRemediationPlan(
    id: string,
    request?: ApplyRequest,
  ): Promise<RemediationPlanRecord>;
  listTargets(): Promise<TargetsResponse>;
  listConnectors(): Promise<ConnectorsResponse>;
  /** The inventory of a connector's last good run (404 before the first one). */
  getConnectorInventory(connectorId: string): Promise<ConnectorItemsResponse>;
  /** What the catalog made of a connector's inventory (services only). */
  reportIngestion(connectorId: string, report: IngestionReport): Promise<void>;
}

/** `kind:namespace/name` → the entity routes' path parameters. */
function entityPath(entityRef: string) {
  const ref = normalizeEntityRef(entityRef);
  const colon = ref.indexOf(':');
  const slash = ref.indexOf('/', colon);
  return {
    kind: ref.slice(0, colon),
    namespace: ref.slice(colon + 1, slash),
    name: ref.slice(slash + 1),
  };
}

/** A query without empty values (an empty search box sends nothing). */
function compact<T extends object>(query: T | undefined): T | undefined {
  if (!query) return undefined;
  return Object.fromEntries(
    Object.entries(query).filter(
      ([, value]) => value !== undefined && value !== null && value !== '',
    ),
  ) as T;
}

/** A message without the token, should the server (or a proxy) have echoed it. */
function redact(text: string, token: string | undefined): string {
  return token ? text.split(token).join('<token>') : text;
}

/**
 * A client of the control plane's REST API, generated from its OpenAPI
 * document (isomorphic: fetch, base URL and token are injected).
 *
 * @public
 */
export function createPlatformKitClient(
  options: PlatformKitClientOptions,
): PlatformKitApiClient {
  const client = createClient<paths>({
    fetch: async request => {
      const limits = [
        options.signal,
        options.timeoutMs === undefined
          ? undefined
          : AbortSignal.timeout(options.timeoutMs),
      ].filter((signal): signal is AbortSignal => signal !== undefined);
      try {
        // A URL and init, never the Request itself: fetch wrappers (Backstage's
        // fetchApi middlewares) build Requests from their input, and a Request
        // whose body one of them has read cannot be used again.
        const body =
          request.body === null ? undefined : await request.arrayBuffer();
        // Looked up on every call: test tools replace the global fetch late.
        return await (options.fetch ?? globalThis.fetch)(request.url, {
          method: request.method,
          headers: request.headers,
          body,
          signal: limits.length
            ? AbortSignal.any([request.signal, ...limits])
            : request.signal,
        });
      } catch (cause) {
        const token = request.headers.get('authorization')?.slice(7);
        const timedOut =
          cause instanceof Error && cause.name === 'TimeoutError';
        throw new PlatformKitApiError(
          0,
          redact(
            timedOut
              ? `The Platform Kit backend did not answer within ${options.timeoutMs} ms`
              : `Could not reach the Platform Kit backend: ${
                  cause instanceof Error ? cause.message : String(cause)
                }`,
            token,
          ),
          undefined,
          { cause },
        );
      }
    },
  });

  // Lower-case names for openapi-fetch's method functions (they do not use `this`).
  const { GET: get, POST: post, DELETE: del } = client;

  const init = async () => {
    const token = await options.token?.();
    return {
      token,
      request: {
        baseUrl: (await options.baseUrl()).replace(/\/+$/, ''),
        headers: token ? { Authorization: `Bearer ${token}` } : undefined,
      },
    };
  };

  /** The answer's body, or a PlatformKitApiError with the server's message (never the token). */
  const call = async <D>(
    send: (request: Awaited<ReturnType<typeof init>>['request']) => Promise<{
      data?: D;
      error?: unknown;
      response: Response;
    }>,
    /** The answer's schema (operations that answer 204 have none). */
    schema?: z.ZodType,
  ): Promise<D> => {
    const { token, request } = await init();
    let answer: Awaited<ReturnType<typeof send>>;
    try {
      answer = await send(request);
    } catch (cause) {
      if (
        PlatformKitApiError.is(cause) ||
        cause instanceof InvalidEntityRefError
      )
        throw cause;
      // The body failed: it was cut off (a timeout while reading) or is not JSON.
      throw new PlatformKitApiError(
        0,
        redact(
          `The Platform Kit backend's answer could not be read: ${
            cause instanceof Error ? cause.message : String(cause)
          }`,
          token,
        ),
        undefined,
        { cause },
      );
    }
    const { data, error, response } = answer;
    if (!response.ok) {
      const failure = serverError(error, response.status, response.statusText);
      throw new PlatformKitApiError(
        response.status,
        redact(failure.message, token),
        failure.name,
      );
    }
    if (!options.validate || !schema) return data as D;
    const checked = schema.safeParse(data);
    if (!checked.success)
      throw new PlatformKitApiError(
        response.status,
        `The Platform Kit backend's answer to ${
          new URL(response.url).pathname
        } does not match its API: ${checked.error.issues
          .slice(0, 3)
          .map(i => `${i.path.join('.') || '(root)'}: ${i.message}`)
          .join('; ')}`,
        'ResponseValidationError',
      );
    return checked.data as D;
  };

  return {
    getHealth: () =>
      call(request => get('/health', request), schemas.healthResponseSchema),
    getParity: entityRef =>
      call(
        request =>
          get('/entities/{kind}/{namespace}/{name}/parity', {
            ...request,
            params: { path: entityPath(entityRef) },
          }),
        schemas.parityResponseSchema,
      ),
    getFindings: (entityRef, query) =>
      call(
        request =>
          get('/entities/{kind}/{namespace}/{name}/findings', {
            ...request,
            params: { path: entityPath(entityRef), query: compact(query) },
          }),
        schemas.findingsResponseSchema,
      ),
    getInventory: (entityRef, query) =>
      call(
        request =>
          get('/entities/{kind}/{namespace}/{name}/inventory', {
            ...request,
            params: { path: entityPath(entityRef), query: compact(query) },
          }),
        schemas.inventoryResponseSchema,
      ),
    requestScan: body =>
      call(
        request => post('/scans', { ...request, body }),
        schemas.scanQueuedSchema,
      ),
    getScan: id =>
      call(
        request => get('/scans/{id}', { ...request, params: { path: { id } } }),
        schemas.scanRecordSchema,
      ),
    listJobs: query =>
      call(
        request =>
          get('/jobs', { ...request, params: { query: compact(query) } }),
        schemas.jobsResponseSchema,
      ),
    retryJob: id =>
      call(
        request =>
          post('/jobs/{id}/retry', {
            ...request,
            params: { path: { id } },
          }),
        schemas.jobRetriedSchema,
      ),
    listExemptions: query =>
      call(
        request =>
          get('/exemptions', {
            ...request,
            params: { query: compact(query) },
          }),
        schemas.exemptionsResponseSchema,
      ),
    createExemption: body =>
      call(
        request => post('/exemptions', { ...request, body }),
        schemas.exemptionSchema,
      ),
    revokeExemption: id =>
      call(request =>
        del('/exemptions/{id}', {
          ...request,
          params: { path: { id } },
        }),
      ),
    getScorecards: query =>
      call(
        request =>
          get('/scorecards', {
            ...request,
            params: { query: compact(query) },
          }),
        schemas.scorecardsResponseSchema,
      ),
    pushResults: body =>
      call(
        request => post('/results', { ...request, body }),
        schemas.resultsRecordedSchema,
      ),
    listRemediationPlans: entityRef =>
      call(
        request =>
          get('/entities/{kind}/{namespace}/{name}/remediation-plans', {
            ...request,
            params: { path: entityPath(entityRef) },
          }),
        schemas.remediationPlansResponseSchema,
      ),
    createRemediationPlan: body =>
      call(
        request => post('/remediation-plans', { ...request, body }),
        schemas.remediationPlanRecordSchema,
      ),
    getRemediationPlan: id =>
      call(
        request =>
          get('/remediation-plans/{id}', {
            ...request,
            params: { path: { id } },
          }),
        schemas.remediationPlanRecordSchema,
      ),
    applyRemediationPlan: (id, body) =>
      call(
        request =>
          post('/remediation-plans/{id}/apply', {
            ...request,
            params: { path: { id } },
            body: body ?? {},
          }),
        schemas.remediationPlanRecordSchema,
      ),
    listTargets: () =>
      call(request => get('/targets', request), schemas.targetsResponseSchema),
    listConnectors: () =>
      call(
        request => get('/connectors', request),
        schemas.connectorsResponseSchema,
      ),
    getConnectorInventory: connectorId =>
      call(
        request =>
          get('/connectors/{connectorId}/inventory', {
            ...request,
            params: { path: { connectorId } },
          }),
        schemas.connectorItemsResponseSchema,
      ),
    reportIngestion: (connectorId, body) =>
      call(request =>
        post('/connectors/{connectorId}/ingestion', {
          ...request,
          params: { path: { connectorId } },
          body,
        }),
      ),
  };
}
