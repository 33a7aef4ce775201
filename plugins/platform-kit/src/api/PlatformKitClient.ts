import { DiscoveryApi, FetchApi } from '@backstage/core-plugin-api';
import { ResponseError } from '@backstage/errors';
import { PlatformKitApi } from './PlatformKitApi';

/** `kind:namespace/name` → `kind/namespace/name` for the entity routes. */
export function entityPath(entityRef: string): string {
  const match = /^([^:]+):(?:([^/]+)\/)?(.+)$/.exec(entityRef);
  if (!match) throw new Error(`Not an entity ref: ${entityRef}`);
  const [, kind, namespace = 'default', name] = match;
  return [kind, namespace, name].map(encodeURIComponent).join('/');
}

function queryString(query: Record<string, unknown> = {}): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined && value !== null && value !== '')
      params.set(key, String(value));
  }
  const text = params.toString();
  return text ? `?${text}` : '';
}

/**
 * The control plane's REST API, through Backstage's discovery and authenticated fetch.
 *
 * @public
 */
export class PlatformKitClient implements PlatformKitApi {
  constructor(
    private readonly deps: { discoveryApi: DiscoveryApi; fetchApi: FetchApi },
  ) {}

  private async call<T>(
    path: string,
    init: { method?: string; body?: unknown } = {},
  ): Promise<T> {
    const base = await this.deps.discoveryApi.getBaseUrl('platform-kit');
    const res = await this.deps.fetchApi.fetch(`${base}${path}`, {
      method: init.method ?? 'GET',
      headers:
        init.body === undefined
          ? undefined
          : { 'Content-Type': 'application/json' },
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
    });
    if (!res.ok) throw await ResponseError.fromResponse(res);
    if (res.status === 204) return undefined as T;
    return (await res.json()) as T;
  }

  getParity(entityRef: string) {
    return this.call<any>(`/entities/${entityPath(entityRef)}/parity`);
  }

  getFindings(entityRef: string, filter: Record<string, unknown> = {}) {
    return this.call<any>(
      `/entities/${entityPath(entityRef)}/findings${queryString(filter)}`,
    );
  }

  getInventory(entityRef: string, query: Record<string, unknown> = {}) {
    return this.call<any>(
      `/entities/${entityPath(entityRef)}/inventory${queryString(query)}`,
    );
  }

  requestScan(entityRef: string) {
    return this.call<any>('/scans', { method: 'POST', body: { entityRef } });
  }

  getScan(id: string) {
    return this.call<any>(`/scans/${encodeURIComponent(id)}`);
  }

  getScorecards(query: Record<string, unknown> = {}) {
    return this.call<any>(`/scorecards${queryString(query)}`);
  }

  listJobs(query: Record<string, unknown> = {}) {
    return this.call<any>(`/jobs${queryString(query)}`);
  }

  retryJob(id: string) {
    return this.call<any>(`/jobs/${encodeURIComponent(id)}/retry`, {
      method: 'POST',
      body: {},
    });
  }

  listExemptions(entityRef?: string) {
    return this.call<any>(`/exemptions${queryString({ entityRef })}`);
  }

  createExemption(input: Record<string, unknown>) {
    return this.call<any>('/exemptions', { method: 'POST', body: input });
  }

  revokeExemption(id: string) {
    return this.call<void>(`/exemptions/${encodeURIComponent(id)}`, {
      method: 'DELETE',
    });
  }

  listRemediationPlans(entityRef: string) {
    return this.call<any>(
      `/entities/${entityPath(entityRef)}/remediation-plans`,
    );
  }

  createRemediationPlan(input: Record<string, unknown>) {
    return this.call<any>('/remediation-plans', {
      method: 'POST',
      body: input,
    });
  }

  getRemediationPlan(id: string) {
    return this.call<any>(`/remediation-plans/${encodeURIComponent(id)}`);
  }

  getConnectorInventory(connectorId: string) {
    return this.call<any>(
      `/connectors/${encodeURIComponent(connectorId)}/inventory`,
    );
  }

  listConnectors() {
    return this.call<any>('/connectors');
  }
}
