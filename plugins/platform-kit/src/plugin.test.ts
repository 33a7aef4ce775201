import platformKitAlpha from './alpha';
import {
  EntityParityCard,
  EntityPlatformKitContent,
  platformKitPlugin,
  PlatformKitJobsPage,
  PlatformKitPage,
} from './index';

describe('the Platform Kit frontend plugin', () => {
  it('exports the legacy plugin with its API, pages, tab and card', () => {
    expect(platformKitPlugin.getId()).toBe('platform-kit');
    expect([...platformKitPlugin.getApis()].map(a => a.api.id)).toEqual([
      'plugin.platform-kit.api',
    ]);
    for (const extension of [
      EntityPlatformKitContent,
      EntityParityCard,
      PlatformKitPage,
      PlatformKitJobsPage,
    ])
      expect(extension).toBeDefined();
  });

  it('exports the new frontend system plugin', () => {
    expect(platformKitAlpha.toString()).toContain('platform-kit');
  });
});
