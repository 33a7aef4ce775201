import {
  AuthService,
  BackstageCredentials,
  DiscoveryService,
} from '@backstage/backend-plugin-api';
import {
  ApplyOutcome,
  Patch,
  RemediationPlan,
  RemediationPlanStatus,
} from '@platform-kit/plugin-platform-kit-common';

/** A remediation plan as the control plane's REST API returns it. */
export interface RemediationPlanResponse {
  id: string;
  entityRef: string;
  status: RemediationPlanStatus;
  sql: string;
  plan: {
    patches: Pick<
      Patch,
      'findingKey' | 'title' | 'steps' | 'manual' | 'dependants' | 'probes'
    >[];
    skipped: { findingKey: string; reason: string }[];
    preflight?: RemediationPlan['preflight'];
    appSource?: RemediationPlan['appSource'];
  };
  outcome: ApplyOutcome | null;
  error: string | null;
  logs: { at: string; level: string; message: string }[];
  /** What the control plane could not do when it built the plan. */
  warnings?: string[];
}

/** The control plane refused a request: its HTTP status and its error message. */
export class PlatformKitResponseError extends Error {
  constructor(readonly status: number, readonly detail: string) {
    super(`Platform Kit answered ${status}: ${detail}`);
    this.name = 'PlatformKitResponseError';
  }
}

/**
 * Calls the Platform Kit control plane on behalf of the user who started the
 * task, so that its permissions and catalog access decide.
 */
export class PlatformKitClient {
  constructor(
    private readonly deps: { discovery: DiscoveryService; auth: AuthService },
    private readonly onBehalfOf: BackstageCredentials,
  ) {}

  async request<T>(method: string, path: string, body?: unknown): Promise<T> {
    const { token } = await this.deps.auth.getPluginRequestToken({
      onBehalfOf: this.onBehalfOf,
      targetPluginId: 'platform-kit',
    });
    const base = await this.deps.discovery.getBaseUrl('platform-kit');
    const res = await fetch(`${base}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    if (!res.ok) {
      let message = text;
      try {
        message = JSON.parse(text).error?.message ?? text;
      } catch {
        // not JSON: keep the text
      }
      throw new PlatformKitResponseError(res.status, message);
    }
    return JSON.parse(text) as T;
  }
}
