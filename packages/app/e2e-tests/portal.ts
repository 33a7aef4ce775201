import { APIRequestContext, expect, Page, request } from '@playwright/test';

const BACKEND = process.env.PLATFORM_KIT_BACKEND_URL ?? 'http://localhost:7007';

/** The control plane's REST API as the guest user the tests sign in as. */
export async function controlPlane(): Promise<APIRequestContext> {
  const guest = await request.newContext({ baseURL: BACKEND });
  const refresh = await guest.post('/api/auth/guest/refresh', { data: {} });
  expect(refresh.ok()).toBe(true);
  const token = (await refresh.json()).backstageIdentity.token as string;
  return request.newContext({
    baseURL: BACKEND,
    extraHTTPHeaders: { authorization: `Bearer ${token}` },
  });
}

/**
 * Scans an entity now and waits for the outcome. The ops store outlives the
 * portal (the demo project does not: it is loaded fresh at every start), so
 * tests that look at findings scan first instead of trusting what is stored.
 */
export async function scanNow(api: APIRequestContext, entityRef: string) {
  const posted = await api.post('/api/platform-kit/scans', {
    data: { entityRef },
  });
  expect(posted.status()).toBe(202);
  const { scanId } = await posted.json();
  await expect
    .poll(
      async () =>
        (
          await (await api.get(`/api/platform-kit/scans/${scanId}`)).json()
        ).status,
      { timeout: 180_000, intervals: [500] },
    )
    .toBe('succeeded');
}

/** Signs in as the guest and waits until the app has loaded, so that the next navigation stays signed in. */
export async function signIn(page: Page) {
  await page.goto('/');
  await page.getByRole('button', { name: 'Enter' }).click();
  await expect(
    page
      .getByRole('navigation', { name: 'sidebar nav' })
      .getByRole('link', { name: 'Catalog', exact: true }),
  ).toBeVisible();
}
