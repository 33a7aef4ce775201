/**
 * The environment for Yarn and Backstage in the fresh app: the caller's
 * (Node 22, Yarn and the npm registry as `./kit` set them up) without what
 * `yarn run` adds for this repository's project, with the app's own Yarn
 * cache, and mutable installs (CI=true would make every install immutable).
 */
export function freshAppEnvironment(
  base: NodeJS.ProcessEnv,
  yarnCacheDir: string,
): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(base)) {
    if (/^npm_(package|lifecycle)_/.test(key)) continue;
    if (['PROJECT_CWD', 'INIT_CWD', 'BERRY_BIN_FOLDER'].includes(key)) continue;
    env[key] = value;
  }
  return {
    ...env,
    YARN_CACHE_FOLDER: yarnCacheDir,
    YARN_ENABLE_GLOBAL_CACHE: '0',
    YARN_ENABLE_TELEMETRY: '0',
    YARN_ENABLE_PROGRESS_BARS: '0',
    YARN_ENABLE_IMMUTABLE_INSTALLS: 'false',
  };
}
