import {
  CapabilityDeclaration,
  ConnectorBase,
  ConnectorInventory,
  ContractTest,
  HealthResult,
  HealthStatus,
  HttpClient,
  HttpClientOptions,
  connectorInventorySchema,
  healthResultSchema,
  redact,
} from '@platform-kit/connector-sdk';
import { n8nContractTests } from './contractTests';
import { ownerProject, tagItem, workflowItem } from './mapping';
import { N8N_API_KEY_HEADER, N8nApi, N8nApiError } from './N8nApi';
import { N8nTag, N8nWorkflow } from './n8nSchemas';
import {
  N8nConnectorOptions,
  N8nConnectorOptionsInput,
  parseN8nConnectorOptions,
} from './options';

/** Default time allowed for one health probe. */
const DEFAULT_PROBE_TIMEOUT_MS = 5_000;

/**
 * What an {@link N8nConnector} is created with: its id and its options.
 *
 * @public
 */
export type N8nConnectorConfig = N8nConnectorOptionsInput & { id: string };

/**
 * Injectable transport settings, for tests (fake sleep, no retries, ...).
 *
 * @public
 */
export type N8nConnectorTransport = Pick<
  HttpClientOptions,
  'fetch' | 'sleep' | 'retries' | 'backoff' | 'random'
>;

/**
 * A read-only connector to n8n through its Public API v1 (`X-N8N-API-KEY`):
 *
 * - `inventory()`: every workflow (type `workflow`: active state, tags,
 *   node count, owner project, link to the editor) and every tag (type
 *   `tag`), each list paged with `limit`/`cursor` until `nextCursor` is null;
 *   workflows relate to their tags (`hasTag`).
 * - `health()`: liveness from `/healthz`, readiness (database) from
 *   `/healthz/readiness`; `down` or `degraded` with a reason, never throws.
 * - `contractTests()`: the n8n contract tests (`n8nContractTests`).
 *
 * Errors and health details never contain the API key.
 *
 * @public
 */
export class N8nConnector extends ConnectorBase<
  N8nConnectorOptions & { id: string }
> {
  readonly kind = 'n8n';
  private readonly api: N8nApi;
  private readonly probeTimeoutMs: number;

  /** @throws TypeError naming each invalid option (never its value). */
  constructor(
    config: N8nConnectorConfig,
    transport: N8nConnectorTransport = {},
  ) {
    const { id, ...rest } = config;
    if (typeof id !== 'string' || id.trim() === '') {
      throw new TypeError('Invalid n8n connector options: id: a non-empty id');
    }
    const options = parseN8nConnectorOptions(rest);
    super({ id, ...options });
    const http = new HttpClient({
      baseUrl: options.baseUrl,
      headers: { [N8N_API_KEY_HEADER]: options.apiKey },
      secrets: [options.apiKey],
      timeoutMs: options.timeoutMs,
      ...transport,
    });
    this.api = new N8nApi(http, options.pageSize);
    this.probeTimeoutMs = Math.min(
      options.timeoutMs ?? DEFAULT_PROBE_TIMEOUT_MS,
      DEFAULT_PROBE_TIMEOUT_MS,
    );
  }

  async inventory(): Promise<ConnectorInventory> {
    const workflows = await this.api.listWorkflows();
    // Tags after workflows, so that a tag created meanwhile is listed too;
    // a tag deleted meanwhile is kept from the workflow that carries it.
    const tags = new Map<string, N8nTag>(
      (await this.api.listTags()).map(t => [t.id, t]),
    );
    for (const workflow of workflows) {
      for (const tag of workflow.tags ?? []) {
        if (!tags.has(tag.id)) tags.set(tag.id, tag);
      }
    }
    const projects = await this.ownerProjects(workflows);
    return connectorInventorySchema.parse({
      connector: { id: this.id, kind: this.kind },
      capturedAt: new Date().toISOString(),
      source: { product: 'n8n' },
      items: [
        ...workflows.map(w => workflowItem(w, this.options.baseUrl, projects)),
        ...[...tags.values()].map(tagItem),
      ],
    });
  }

  async health(): Promise<HealthResult> {
    const checks = [
      await this.check('liveness', '/healthz', 'down'),
      await this.check('readiness', '/healthz/readiness', 'degraded'),
    ];
    const [liveness, readiness] = checks;
    let status: HealthStatus = 'up';
    if (liveness.status === 'down' && readiness.status !== 'up') {
      status = 'down';
    } else if (checks.some(c => c.status !== 'up')) {
      status = 'degraded';
    }
    return healthResultSchema.parse({
      status,
      checkedAt: new Date().toISOString(),
      checks,
    });
  }

  capabilities(): CapabilityDeclaration[] {
    return [
      {
        id: 'inventory.workflows',
        title: 'Lists every workflow with its active state, tags and owner',
      },
      { id: 'inventory.tags', title: 'Lists every tag, related to workflows' },
      { id: 'health.liveness', title: 'Reports liveness from /healthz' },
      {
        id: 'health.readiness',
        title: 'Reports readiness (database) from /healthz/readiness',
      },
      {
        id: 'auth.api-key',
        title: 'Authenticates with an n8n API key (X-N8N-API-KEY)',
      },
    ];
  }

  contractTests(): ContractTest[] {
    return n8nContractTests(this.api, { probeTimeoutMs: this.probeTimeoutMs });
  }

  /**
   * Names of the projects that own workflows. n8n's list gives only the
   * `projectId`; reading one workflow per project gives its name (a few
   * requests: projects are users and teams). A project whose workflow cannot
   * be read (403 without workflow:read, 404 deleted meanwhile) keeps its id.
   */
  private async ownerProjects(
    workflows: N8nWorkflow[],
  ): Promise<Map<string, { name?: string; type?: string }>> {
    const projects = new Map<string, { name?: string; type?: string }>();
    const sample = new Map<string, string>();
    for (const workflow of workflows) {
      const owner = ownerProject(workflow);
      if (!owner?.id) continue;
      if (owner.name) projects.set(owner.id, owner);
      else if (!sample.has(owner.id)) sample.set(owner.id, workflow.id);
    }
    for (const [projectId, workflowId] of sample) {
      if (projects.has(projectId)) continue;
      try {
        const owner = ownerProject(await this.api.getWorkflow(workflowId));
        if (owner?.name) projects.set(projectId, owner);
      } catch (error) {
        const status = (error as N8nApiError).status;
        if (status !== 403 && status !== 404) throw error;
      }
    }
    return projects;
  }

  private async check(
    name: string,
    path: '/healthz' | '/healthz/readiness',
    whenFailing: HealthStatus,
  ): Promise<HealthResult['checks'][number]> {
    const started = Date.now();
    try {
      const status = await this.api.probe(path, this.probeTimeoutMs);
      const ok = status === 'ok';
      return {
        name,
        status: ok ? 'up' : whenFailing,
        latencyMs: Date.now() - started,
        detail: ok ? `GET ${path}: ok` : `GET ${path} answered "${status}"`,
      };
    } catch (error) {
      const reason = (error as Error)?.message ?? String(error);
      return {
        name,
        status: whenFailing,
        latencyMs: Date.now() - started,
        detail: redact(
          path === '/healthz/readiness' && /\b503\b/.test(reason)
            ? `n8n is not ready (its database is not reachable or migrating): ${reason}`
            : reason,
          [this.options.apiKey],
        ),
      };
    }
  }
}
