import { expect, request, test } from '@playwright/test';

/**
 * The demo project (loaded fresh by ./kit start) brought to zero security
 * ERRORs through the remediation scaffolder task, as a guest user would start it.
 */
const BACKEND = process.env.PLATFORM_KIT_BACKEND_URL ?? 'http://localhost:7007';
const DB = 'resource:default/acme-tasks-db';

test('the remediation task brings the demo project to zero security ERRORs', async () => {
  test.setTimeout(300_000);
  const guest = await request.newContext({ baseURL: BACKEND });
  const refresh = await guest.post('/api/auth/guest/refresh', { data: {} });
  expect(refresh.ok()).toBe(true);
  const token = (await refresh.json()).backstageIdentity.token as string;
  const api = await request.newContext({
    baseURL: BACKEND,
    extraHTTPHeaders: { authorization: `Bearer ${token}` },
  });
  const securityErrors = async () => {
    const res = await api.get(
      '/api/platform-kit/entities/resource/default/acme-tasks-db/findings?level=ERROR&category=SECURITY',
    );
    expect(res.ok()).toBe(true);
    return (await res.json()).items.map(
      (f: any) => `${f.name} ${f.metadata.schema}.${f.metadata.name}`,
    ) as string[];
  };

  // The start-up scan has to have landed.
  await expect
    .poll(
      async () =>
        (
          await api.get(
            '/api/platform-kit/entities/resource/default/acme-tasks-db/parity',
          )
        ).status(),
      { timeout: 120_000 },
    )
    .toBe(200);
  expect((await securityErrors()).length).toBeGreaterThan(0);

  const created = await api.post('/api/scaffolder/v2/tasks', {
    data: {
      templateRef: 'template:default/platform-kit-remediation',
      values: { entityRef: DB },
    },
  });
  expect(created.status()).toBe(201);
  const taskId = (await created.json()).id as string;
  await expect
    .poll(
      async () =>
        (
          await (await api.get(`/api/scaffolder/v2/tasks/${taskId}`)).json()
        ).status,
      { timeout: 240_000, intervals: [1000] },
    )
    .toMatch(/completed|failed/);
  const events = await (
    await api.get(`/api/scaffolder/v2/tasks/${taskId}/events`)
  ).json();
  const log = events
    .filter((e: any) => e.type === 'log')
    .map((e: any) => e.body.message)
    .join('\n');
  expect(log).toContain('Applied and verified by a re-scan');

  // The control plane re-scans after the apply; wait for that scan's findings.
  await expect
    .poll(securityErrors, { timeout: 120_000, intervals: [1000] })
    .toEqual([]);
});
