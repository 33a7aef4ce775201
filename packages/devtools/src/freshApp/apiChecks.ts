import { UserFacingError } from '../util/fail';

type Json = Record<string, any>;

async function request(
  url: string,
  init: RequestInit & { token?: string } = {},
): Promise<{ status: number; body: Json }> {
  const headers: Record<string, string> = {
    'X-Requested-With': 'XMLHttpRequest',
  };
  if (init.token) headers.Authorization = `Bearer ${init.token}`;
  if (init.body) headers['Content-Type'] = 'application/json';
  const res = await fetch(url, {
    ...init,
    headers,
    signal: AbortSignal.timeout(15_000),
  });
  const text = await res.text();
  let body: Json = {};
  try {
    body = text ? JSON.parse(text) : {};
  } catch {
    body = { text: text.slice(0, 200) };
  }
  return { status: res.status, body };
}

/** A guest's Backstage token (the guest provider create-app configures for development). */
export async function guestToken(baseUrl: string): Promise<string> {
  const { status, body } = await request(`${baseUrl}/api/auth/guest/refresh`);
  const token = body?.backstageIdentity?.token;
  if (status !== 200 || typeof token !== 'string') {
    throw new UserFacingError(
      `guest sign-in answered ${status}: ${JSON.stringify(body).slice(0, 200)}`,
    );
  }
  return token;
}

async function poll<T>(
  what: string,
  timeoutMs: number,
  attempt: () => Promise<T | undefined>,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      const value = await attempt();
      if (value !== undefined) return value;
    } catch (error) {
      last = error;
    }
    await new Promise(r => setTimeout(r, 2000));
  }
  throw new UserFacingError(
    `${what} within ${timeoutMs / 1000} s${
      last ? ` (${(last as Error).message})` : ''
    }`,
  );
}

const entityPath = (entityRef: string) => {
  const [kind, rest] = entityRef.split(':');
  const [namespace, name] = rest.includes('/')
    ? rest.split('/')
    : ['default', rest];
  return `${kind}/${namespace}/${name}`;
};

/** Waits until the catalog has the entity (the catalog module ingests targets on its schedule). */
export async function waitForCatalogEntity(
  baseUrl: string,
  token: string,
  entityRef: string,
  timeoutMs = 120_000,
): Promise<void> {
  await poll(`the catalog did not list ${entityRef}`, timeoutMs, async () => {
    const { status } = await request(
      `${baseUrl}/api/catalog/entities/by-name/${entityPath(entityRef)}`,
      { token },
    );
    return status === 200 ? true : undefined;
  });
}

export interface ScanOutcome {
  score: number;
  failing: string[];
  findings: { name: string; detail: string }[];
}

/**
 * `POST /api/platform-kit/scans` for the entity, then `GET
 * .../entities/{ref}/parity` until it carries that scan's score, and the
 * entity's findings.
 */
export async function scanAndReadParity(
  baseUrl: string,
  token: string,
  entityRef: string,
  timeoutMs = 120_000,
): Promise<ScanOutcome> {
  const api = `${baseUrl}/api/platform-kit`;
  const queued = await request(`${api}/scans`, {
    method: 'POST',
    token,
    body: JSON.stringify({ entityRef }),
  });
  const scanId = queued.body?.scanId;
  if (queued.status !== 202 || typeof scanId !== 'string') {
    throw new UserFacingError(
      `POST /api/platform-kit/scans answered ${queued.status}: ${JSON.stringify(
        queued.body,
      ).slice(0, 300)}`,
    );
  }
  const parity = await poll(
    `GET /api/platform-kit/entities/${entityPath(
      entityRef,
    )}/parity had no score of scan ${scanId}`,
    timeoutMs,
    async () => {
      const { status, body } = await request(
        `${api}/entities/${entityPath(entityRef)}/parity`,
        {
          token,
        },
      );
      if (status !== 200)
        throw new Error(`${status} ${body?.error?.message ?? ''}`);
      return body.scan?.id === scanId && typeof body.score === 'number'
        ? body
        : undefined;
    },
  );
  const findings = await request(
    `${api}/entities/${entityPath(entityRef)}/findings`,
    { token },
  );
  return {
    score: parity.score,
    failing: (parity.results ?? [])
      .filter((r: Json) => r.status === 'fail' || r.status === 'partial')
      .map((r: Json) => String(r.title ?? r.capability)),
    findings: (findings.body.items ?? []).map((f: Json) => ({
      name: String(f.name),
      detail: String(f.detail),
    })),
  };
}
