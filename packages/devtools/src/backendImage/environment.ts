import path from 'node:path';

/** PATH of the official Node.js images; Node, npm and Yarn live in /usr/local/bin there. */
export const IMAGE_SYSTEM_PATH = [
  '/usr/local/sbin',
  '/usr/local/bin',
  '/usr/sbin',
  '/usr/bin',
  '/sbin',
  '/bin',
];

/**
 * The environment a container of the base image starts with: our Node (and
 * the Yarn the image ships) first on PATH, then npm's folder on this machine,
 * then the image's system folders; HOME is the image user's home.
 */
export function baseImageEnv(options: {
  toolBin: string;
  npmBin?: string;
  home: string;
}): Record<string, string> {
  const dirs = [options.toolBin, options.npmBin, ...IMAGE_SYSTEM_PATH].filter(
    (dir): dir is string => Boolean(dir),
  );
  return { PATH: [...new Set(dirs)].join(':'), HOME: options.home };
}

export interface BuildSettings {
  /** The npm registry (read from npm's configuration at run time). */
  registry: string;
  /** npm's `cafile`, when it has one. */
  cafile?: string;
  /** The Node distribution folder holding `include/node` (headers for node-gyp). */
  nodeDir: string;
  /** Temp folder for the build steps. */
  tmpDir: string;
  /** This process's environment: proxy settings and NODE_EXTRA_CA_CERTS pass through. */
  hostEnv: NodeJS.ProcessEnv;
}

/**
 * What a `RUN` step gets on top of the image's environment so that it works
 * on this machine as it does in Docker: the npm registry for npm and Yarn
 * (as ./kit sets it), the CA npm trusts, Node's headers from the npm package
 * (node-gyp cannot download them here) and source builds of native addons
 * (prebuilt binaries come from GitHub, which is out of reach). Yarn keeps the
 * project cache the image uses (/app/.yarn/cache): YARN_CACHE_FOLDER is not
 * passed, or the image's `yarn cache clean` would empty this repository's.
 */
export function buildStepEnv(settings: BuildSettings): Record<string, string> {
  const env: Record<string, string> = {
    npm_config_registry: settings.registry,
    YARN_NPM_REGISTRY_SERVER: settings.registry,
    YARN_ENABLE_GLOBAL_CACHE: '0',
    YARN_ENABLE_TELEMETRY: '0',
    YARN_ENABLE_PROGRESS_BARS: '0',
    npm_config_nodedir: settings.nodeDir,
    npm_config_build_from_source: 'true',
    npm_config_update_notifier: 'false',
    TMPDIR: settings.tmpDir,
  };
  // Under ./kit npm may not see its global cafile; ./kit passes it on as NODE_EXTRA_CA_CERTS.
  const extraCa = settings.cafile ?? settings.hostEnv.NODE_EXTRA_CA_CERTS;
  if (extraCa) env.NODE_EXTRA_CA_CERTS = extraCa;
  if (settings.cafile) env.npm_config_cafile = settings.cafile;
  for (const [name, value] of Object.entries(settings.hostEnv)) {
    if (/^(https?|no|all)_proxy$/i.test(name) && value) env[name] = value;
  }
  return env;
}

/**
 * The value of an `ENV` instruction on this machine: `$NAME` and `${NAME}`
 * expand from the environment so far; literal absolute paths under the image
 * folders we reproduce (WORKDIR, the user's home) move into `rootfs`.
 */
export function expandEnvValue(
  raw: string,
  env: Record<string, string>,
  rootfs: string,
  imageDirs: string[],
): string {
  const expand = (text: string) =>
    text.replace(
      /\$(?:\{([A-Za-z_][A-Za-z0-9_]*)\}|([A-Za-z_][A-Za-z0-9_]*))/g,
      (_, braced: string | undefined, bare: string | undefined) =>
        env[(braced ?? bare) as string] ?? '',
    );
  return raw
    .split(':')
    .map(element => {
      if (element.includes('$')) return expand(element);
      const mapped = imageDirs.some(
        dir => element === dir || element.startsWith(`${dir}/`),
      );
      return mapped ? path.join(rootfs, element) : element;
    })
    .join(':');
}
