import { ensureChromium } from './chromium';

describe('ensureChromium', () => {
  const saved = process.env.PLATFORM_KIT_CHROMIUM;
  afterEach(() => {
    if (saved === undefined) delete process.env.PLATFORM_KIT_CHROMIUM;
    else process.env.PLATFORM_KIT_CHROMIUM = saved;
  });

  it('uses PLATFORM_KIT_CHROMIUM when it points at a file', async () => {
    process.env.PLATFORM_KIT_CHROMIUM = process.execPath;
    await expect(ensureChromium()).resolves.toBe(process.execPath);
  });

  it('says clearly when PLATFORM_KIT_CHROMIUM points nowhere', async () => {
    process.env.PLATFORM_KIT_CHROMIUM = '/nonexistent/chromium';
    await expect(ensureChromium()).rejects.toThrow(
      'PLATFORM_KIT_CHROMIUM points at /nonexistent/chromium, which does not exist.',
    );
  });
});
