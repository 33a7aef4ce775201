import fs from 'node:fs';
import { dataPath, repoRoot } from '../postgres/repoPaths';
import { run } from '../util/run';
import { ensureChromium } from './chromium';
import { portalIsUp, RunningPortal, startPortal } from './portal';

interface PlaywrightReport {
  stats?: {
    expected: number;
    unexpected: number;
    flaky: number;
    skipped: number;
  };
}

/**
 * `./kit test:e2e`: Playwright in Debian's Chromium against the portal that
 * `./kit start` runs (reused when it is already up).
 */
export async function e2eCommand(args: string[]): Promise<number> {
  const chromium = await ensureChromium();
  let portal: RunningPortal | undefined;
  if (await portalIsUp()) {
    console.log('Reusing the portal that is already running.');
  } else {
    portal = await startPortal();
  }
  const report = dataPath('e2e', 'report.json');
  fs.mkdirSync(dataPath('e2e'), { recursive: true });
  let code: number;
  try {
    code = await run('playwright', ['test', ...args], {
      cwd: repoRoot(),
      env: {
        ...process.env,
        PLATFORM_KIT_CHROMIUM: chromium,
        PLAYWRIGHT_JSON_OUTPUT_NAME: report,
      },
    });
  } finally {
    await portal?.stop();
  }
  try {
    const { stats } = JSON.parse(
      fs.readFileSync(report, 'utf8'),
    ) as PlaywrightReport;
    if (stats)
      console.log(
        `e2e: ${stats.expected + stats.flaky} passed, ${
          stats.unexpected
        } failed`,
      );
  } catch {
    // no report: playwright failed before running tests, its output says why
  }
  return code;
}
