import fs from 'node:fs';
import { UserFacingError } from '../util/fail';
import { run } from '../util/run';

const CANDIDATES = ['/usr/bin/chromium', '/usr/bin/chromium-browser'];

/** Debian's Chromium, installed with apt when missing and we are root. */
export async function ensureChromium(): Promise<string> {
  const configured = process.env.PLATFORM_KIT_CHROMIUM;
  if (configured) {
    if (!fs.existsSync(configured)) {
      throw new UserFacingError(
        `PLATFORM_KIT_CHROMIUM points at ${configured}, which does not exist.`,
      );
    }
    return configured;
  }
  const found = CANDIDATES.find(p => fs.existsSync(p));
  if (found) return found;
  if (process.getuid?.() !== 0) {
    throw new UserFacingError(
      'Chromium is not installed: run `sudo apt-get install -y chromium` (or set PLATFORM_KIT_CHROMIUM to a Chromium binary).',
    );
  }
  console.log('Installing Debian chromium with apt-get...');
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const updated = await run('apt-get', ['update', '-qq'], { env });
  const installed =
    updated === 0
      ? await run('apt-get', ['install', '-y', '-qq', 'chromium'], { env })
      : updated;
  const path = CANDIDATES.find(p => fs.existsSync(p));
  if (installed !== 0 || !path) {
    throw new UserFacingError(
      'Installing chromium with apt-get failed: install it by hand and run again.',
    );
  }
  return path;
}
