import fs from 'node:fs';
import path from 'node:path';
import { FreshApp } from './appSetup';
import { PhaseLog, runLogged } from './phases';
import { CHROMIUM_FLAGS } from '../chromiumFlags';

/** Folder of the check's Playwright files inside the app (the app's own @playwright/test runs them). */
export const BROWSER_CHECK_FOLDER = 'platform-kit-check';

const CONFIG = `import { defineConfig } from '@playwright/test';

export default defineConfig({
  testDir: '.',
  testMatch: 'platform-kit.check.ts',
  timeout: 120_000,
  expect: { timeout: 45_000 },
  workers: 1,
  reporter: [['line']],
  outputDir: process.env.FRESH_APP_OUTPUT,
  use: {
    baseURL: process.env.FRESH_APP_URL,
    screenshot: 'only-on-failure',
    launchOptions: {
      executablePath: process.env.FRESH_APP_CHROMIUM,
      args: ${JSON.stringify(CHROMIUM_FLAGS)},
    },
  },
});
`;

/** `kind:namespace/name` (namespace optional) → the entity page's path below `/catalog/`. */
export function catalogPath(entityRef: string): string {
  const match = /^([^:]+):(?:([^/]+)\/)?(.+)$/.exec(entityRef);
  if (!match) throw new Error(`not an entity ref with a kind: ${entityRef}`);
  const [, kind, namespace = 'default', name] = match;
  return `${namespace}/${kind}/${name}`.toLowerCase();
}

/** The check, as the app's Playwright test: the sidebar's items and the entity's Parity tab. */
export function browserSpec(entityRef: string): string {
  const entityPath = catalogPath(entityRef);
  const entityName = entityPath.split('/').pop();
  return `import { expect, test } from '@playwright/test';

const shots = process.env.FRESH_APP_OUTPUT!;

test('Platform Kit in the built frontend', async ({ page }) => {
  await page.goto('/');
  const enter = page.getByRole('button', { name: 'Enter' });
  const nav = page.getByRole('navigation').filter({ has: page.getByRole('link', { name: 'Catalog' }) });
  await expect(enter.or(nav).first()).toBeVisible();
  if (await enter.isVisible()) await enter.click();

  const scorecards = nav.getByRole('link', { name: 'Scorecards', exact: true });
  const jobs = nav.getByRole('link', { name: 'Jobs', exact: true });
  await expect(scorecards).toBeVisible();
  await expect(jobs).toBeVisible();
  await expect(scorecards).toHaveAttribute('href', '/platform-kit');
  await expect(jobs).toHaveAttribute('href', '/platform-kit/jobs');

  await scorecards.click();
  await expect(page.getByText('${entityName}').first()).toBeVisible();
  await scorecards.scrollIntoViewIfNeeded();
  await page.screenshot({ path: \`\${shots}/scorecards.png\` });
  await jobs.click();
  await expect(page.getByText('Platform Kit jobs').first()).toBeVisible();
  await page.screenshot({ path: \`\${shots}/jobs.png\` });

  await page.goto('/catalog/${entityPath}');
  const tab = page
    .getByRole('tab', { name: 'Parity', exact: true })
    .or(page.getByRole('link', { name: 'Parity', exact: true }));
  await tab.first().click();
  await expect(page.getByRole('group', { name: /^Score: \\d+ of 100$/ }).first()).toBeVisible();
  await expect(page.getByRole('table', { name: 'Capability matrix' })).toBeVisible();
  await page.screenshot({ path: \`\${shots}/parity-tab.png\`, fullPage: true });
});
`;
}

/**
 * Runs the check in Chromium against the built frontend the backend serves;
 * screenshots and failure traces go to `outputDir`.
 */
export async function checkInBrowser(
  log: PhaseLog,
  app: FreshApp,
  options: {
    url: string;
    chromium: string;
    entityRef: string;
    outputDir: string;
  },
): Promise<string> {
  const dir = path.join(app.dir, BROWSER_CHECK_FOLDER);
  fs.mkdirSync(dir, { recursive: true });
  fs.mkdirSync(options.outputDir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'playwright.config.ts'), CONFIG);
  fs.writeFileSync(
    path.join(dir, 'platform-kit.check.ts'),
    browserSpec(options.entityRef),
  );
  await runLogged(
    log,
    'yarn',
    [
      'playwright',
      'test',
      '--config',
      `${BROWSER_CHECK_FOLDER}/playwright.config.ts`,
    ],
    {
      cwd: app.dir,
      env: {
        ...app.env,
        FRESH_APP_URL: options.url,
        FRESH_APP_CHROMIUM: options.chromium,
        FRESH_APP_OUTPUT: options.outputDir,
      },
      timeoutMs: 300_000,
    },
  );
  return `Scorecards and Jobs in the sidebar, Parity tab with a score (screenshots in ${options.outputDir})`;
}
