import { freshAppEnvironment } from './appEnv';

describe('the fresh app environment', () => {
  it("drops what yarn run adds for this repository and sets the app's Yarn cache", () => {
    const env = freshAppEnvironment(
      {
        PATH: '/bin',
        npm_config_registry: 'R',
        npm_package_name: 'platform-kit',
        npm_lifecycle_event: 'test:fresh-app',
        PROJECT_CWD: '/work/main',
        INIT_CWD: '/work/main',
        YARN_CACHE_FOLDER: '/work/main/.yarn/cache',
        CI: 'true',
      },
      '/cache',
    );
    expect(env).toEqual({
      PATH: '/bin',
      npm_config_registry: 'R',
      CI: 'true',
      YARN_CACHE_FOLDER: '/cache',
      YARN_ENABLE_GLOBAL_CACHE: '0',
      YARN_ENABLE_TELEMETRY: '0',
      YARN_ENABLE_PROGRESS_BARS: '0',
      YARN_ENABLE_IMMUTABLE_INSTALLS: 'false',
    });
  });
});
