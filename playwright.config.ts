import { defineConfig } from '@playwright/test';
import { generateProjects } from '@backstage/e2e-test-utils/playwright';
import { CHROMIUM_FLAGS } from './packages/devtools/src/chromiumFlags';

/**
 * End-to-end tests run by `./kit test:e2e`, which starts the portal (or reuses a
 * running `./kit start`) and passes Debian's Chromium in PLATFORM_KIT_CHROMIUM.
 */
export default defineConfig({
  timeout: 120_000,
  expect: { timeout: 30_000 },
  forbidOnly: !!process.env.CI,
  retries: process.env.CI ? 1 : 0,
  workers: 1,
  reporter: [
    ['list'],
    ['json'],
    ['html', { open: 'never', outputFolder: '.data/e2e/report' }],
  ],
  use: {
    actionTimeout: 30_000,
    baseURL: process.env.PLAYWRIGHT_URL ?? 'http://localhost:3000',
    screenshot: 'only-on-failure',
    trace: 'retain-on-failure',
    launchOptions: {
      executablePath: process.env.PLATFORM_KIT_CHROMIUM,
      args: CHROMIUM_FLAGS,
    },
  },
  outputDir: '.data/e2e/results',
  projects: generateProjects(),
});
