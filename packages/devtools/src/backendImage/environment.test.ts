import {
  baseImageEnv,
  buildStepEnv,
  expandEnvValue,
  IMAGE_SYSTEM_PATH,
} from './environment';

describe('baseImageEnv', () => {
  it("puts the image's tools first, then npm, then the image's system folders", () => {
    expect(
      baseImageEnv({ toolBin: '/t/bin', npmBin: '/n', home: '/r/home/node' }),
    ).toEqual({
      PATH: ['/t/bin', '/n', ...IMAGE_SYSTEM_PATH].join(':'),
      HOME: '/r/home/node',
    });
    // A folder already on the image's PATH is not repeated.
    expect(baseImageEnv({ toolBin: '/usr/bin', home: '/h' }).PATH).toBe(
      ['/usr/bin', ...IMAGE_SYSTEM_PATH.filter(d => d !== '/usr/bin')].join(
        ':',
      ),
    );
  });
});

describe('buildStepEnv', () => {
  const settings = {
    registry: 'https://registry.invalid/',
    nodeDir: '/t/node',
    tmpDir: '/r/tmp',
  };

  it('gives npm and Yarn the registry, the CA and the headers, and nothing else of this machine', () => {
    const env = buildStepEnv({
      ...settings,
      cafile: '/etc/ca.crt',
      hostEnv: {
        YARN_CACHE_FOLDER: '/repo/.yarn/cache',
        CI: 'true',
        HTTPS_PROXY: 'http://proxy.invalid:3128',
        no_proxy: 'localhost',
        SECRET_TOKEN: 'x',
      },
    });
    expect(env).toEqual({
      npm_config_registry: 'https://registry.invalid/',
      YARN_NPM_REGISTRY_SERVER: 'https://registry.invalid/',
      YARN_ENABLE_GLOBAL_CACHE: '0',
      YARN_ENABLE_TELEMETRY: '0',
      YARN_ENABLE_PROGRESS_BARS: '0',
      npm_config_nodedir: '/t/node',
      npm_config_build_from_source: 'true',
      npm_config_update_notifier: 'false',
      TMPDIR: '/r/tmp',
      NODE_EXTRA_CA_CERTS: '/etc/ca.crt',
      npm_config_cafile: '/etc/ca.crt',
      HTTPS_PROXY: 'http://proxy.invalid:3128',
      no_proxy: 'localhost',
    });
  });

  it("passes on ./kit's NODE_EXTRA_CA_CERTS when npm reports no cafile", () => {
    const env = buildStepEnv({
      ...settings,
      hostEnv: { NODE_EXTRA_CA_CERTS: '/ca.pem' },
    });
    expect(env.NODE_EXTRA_CA_CERTS).toBe('/ca.pem');
    expect(env.npm_config_cafile).toBeUndefined();
  });
});

describe('expandEnvValue', () => {
  const env = { PATH: '/t/bin:/usr/bin', HOME: '/r/home/node' };

  it('moves literal image paths into the rootfs and expands variables', () => {
    expect(
      expandEnvValue('/home/node/yarn/bin:$PATH', env, '/r', [
        '/app',
        '/home/node',
      ]),
    ).toBe('/r/home/node/yarn/bin:/t/bin:/usr/bin');
    expect(
      expandEnvValue('/app:${HOME}/x:/usr/local/bin', env, '/r', ['/app']),
    ).toBe('/r/app:/r/home/node/x:/usr/local/bin');
  });

  it('leaves other values alone and expands unknown variables to nothing', () => {
    expect(expandEnvValue('production', env, '/r', ['/app'])).toBe(
      'production',
    );
    expect(expandEnvValue('http://host.invalid:80', env, '/r', ['/app'])).toBe(
      'http://host.invalid:80',
    );
    expect(expandEnvValue('$NOPE', env, '/r', [])).toBe('');
    expect(expandEnvValue('/application', env, '/r', ['/app'])).toBe(
      '/application',
    );
  });
});
