import { expect, test } from '@playwright/test';
import { controlPlane, scanNow, signIn } from './portal';

const SCREENSHOTS = '.data/e2e/screenshots';

test('the demo project shows its parity, and the org its scorecards and jobs', async ({
  page,
}) => {
  test.setTimeout(300_000);
  await scanNow(await controlPlane(), 'resource:default/acme-tasks-db');
  await signIn(page);

  await page.goto('/catalog/default/resource/acme-tasks-db/parity');
  const matrix = page.getByRole('table', { name: 'Capability matrix' });
  await expect(matrix).toBeVisible({ timeout: 120_000 });
  await expect(page.getByRole('tab', { name: 'Findings' })).toBeVisible();
  await page.screenshot({
    path: `${SCREENSHOTS}/parity-tab.png`,
    fullPage: true,
  });

  await page.goto('/platform-kit');
  await expect(page.getByText('Platform Kit scorecards').first()).toBeVisible();
  await expect(
    page.getByText('Acme Tasks (Supabase project)').first(),
  ).toBeVisible();
  await page.screenshot({
    path: `${SCREENSHOTS}/scorecards.png`,
    fullPage: true,
  });

  await page.goto('/platform-kit/jobs');
  await expect(page.getByText('Platform Kit jobs').first()).toBeVisible();
  await expect(
    page.locator('td').filter({ hasText: 'succeeded' }).first(),
  ).toBeVisible();
  await page.screenshot({ path: `${SCREENSHOTS}/jobs.png`, fullPage: true });
});
