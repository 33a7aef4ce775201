import fs from 'node:fs';
import path from 'node:path';
import { checkConfigSchema } from '@platform-kit/devtools';
import { readContractSchedule } from './jobs/contractJobs';
import { readJobSettings } from './jobs/jobSettings';
import { readAppSourceLimits } from './remediation/appSource';
import { readPlatformKitConfig } from './service/targetsConfig';
import { RecordingConfig } from './__testUtils__/recordingConfig';

jest.setTimeout(60_000);

/** Every option of `platformKit`, each kind of target with every key it takes. */
const FULL = {
  platformKit: {
    project: 'acme',
    schedule: 'PT6H',
    scanOnStartup: true,
    scanAttempts: 2,
    retryDelaySeconds: 1,
    catalogSyncMinutes: 5,
    profiles: [
      {
        id: 'services',
        description: 'Services',
        match: { kind: ['component'], type: ['service'], annotation: 'a/b' },
        capabilities: ['repo.*'],
        inherit: ['db.*'],
      },
    ],
    discovery: {
      repositories: {
        enabled: true,
        schedule: '0 4 * * *',
        annotation: 'github.com/project-slug',
        kinds: ['component'],
      },
    },
    remediation: {
      appSource: {
        enabled: true,
        maxMegabytes: 10,
        maxFiles: 100,
        timeoutSeconds: 5,
      },
    },
    contracts: { schedule: 'PT12H' },
    jobs: {
      leaseSeconds: 60,
      heartbeatSeconds: 15,
      pollSeconds: 5,
      plannerSeconds: 30,
      concurrency: 4,
      retentionDays: 7,
    },
    targets: [
      {
        id: 'tasks-db',
        entityRef: 'resource:default/tasks-db',
        kind: 'supabase-project',
        connectionString: 'postgresql://reader:db-secret@db.example/app',
        exposedSchemas: ['public'],
        appSourcePath: '/srv/app',
        schedule: '0 3 * * *',
      },
      {
        id: 'hosted-db',
        entityRef: 'resource:default/hosted-db',
        kind: 'supabase-project',
        supabaseRef: 'abcdefghijklmnopqrst',
        supabaseToken: 'sbp_token-secret',
      },
      {
        id: 'web',
        entityRef: 'component:default/web',
        kind: 'repository',
        github: {
          owner: 'acme',
          repo: 'web',
          branch: 'main',
          token: 'ghp_token-secret',
          baseUrl: 'https://github.example/api/v3',
        },
        dependsOn: ['resource:default/tasks-db'],
        schedule: 'P1D',
      },
      {
        id: 'local',
        entityRef: 'component:default/local',
        kind: 'repository',
        path: '/srv/checkout',
      },
      {
        id: 'n8n-prod',
        entityRef: 'resource:default/n8n-prod',
        kind: 'connector',
        connector: 'n8n',
        options: { baseUrl: 'https://n8n.example.com', pageSize: 100 },
        schedule: 'PT1H',
      },
    ],
  },
};

/** Every path of a value (`a.b[].c`), containers included. */
function pathsOf(value: unknown, at: string, out = new Set<string>()) {
  if (at) out.add(at);
  if (Array.isArray(value))
    value.forEach(item => pathsOf(item, `${at}[]`, out));
  else if (typeof value === 'object' && value !== null)
    for (const [key, item] of Object.entries(value))
      pathsOf(item, at ? `${at}.${key}` : key, out);
  return out;
}

const general = (read: string) => read.replace(/\[\d+\]/g, '[]');

/** The `platformKit.*` keys the backend's source names in a config read, e.g. `getOptionalConfig('platformKit.jobs')`. */
function keysNamedInSource(dir: string, out = new Set<string>()): Set<string> {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const file = path.join(dir, entry.name);
    if (entry.isDirectory()) keysNamedInSource(file, out);
    else if (/(?<!\.test)\.ts$/.test(entry.name))
      for (const [, key] of fs
        .readFileSync(file, 'utf8')
        .matchAll(/\.get\w*\(\s*'(platformKit(?:\.[\w.]+)?)'/g))
        out.add(key);
  }
  return out;
}

describe('the config schema (config.d.ts)', () => {
  it('covers every option the backend reads, and marks the secrets', async () => {
    const config = RecordingConfig.of(FULL);
    readPlatformKitConfig(config);
    readAppSourceLimits(config);
    readJobSettings(config);
    readContractSchedule(config);
    // A reader of another key would be missing above: every key the source names was read.
    const named = [...keysNamedInSource(__dirname)];
    expect(named).toContain('platformKit.jobs');
    expect(named.filter(key => !config.reads.has(key))).toEqual([]);

    // The sample sets every option the code reads (zod reads each key of its shape) ...
    const sample = pathsOf(FULL, '');
    const reads = [...config.reads].map(general);
    expect(reads.filter(read => !sample.has(read))).toEqual([]);
    expect(reads).toContain('platformKit.targets[].github.token');

    // ... and the schema declares every option of the sample.
    const check = await checkConfigSchema(
      [path.resolve(__dirname, '../package.json')],
      FULL,
    );
    expect(check.undeclared).toEqual([]);
    expect(
      [...pathsOf(check.secrets, '')].filter(p => /[a-z]$/i.test(p)).sort(),
    ).toEqual([
      'platformKit',
      'platformKit.targets',
      'platformKit.targets[].connectionString',
      'platformKit.targets[].github',
      'platformKit.targets[].github.token',
      'platformKit.targets[].supabaseToken',
    ]);
  });

  it('notices an option the schema does not declare', async () => {
    const check = await checkConfigSchema(
      [path.resolve(__dirname, '../package.json')],
      { platformKit: { scanAtempts: 3 } },
    );
    expect(check.undeclared).toEqual([
      'Config must NOT have additional properties { additionalProperty=scanAtempts } at /platformKit',
    ]);
  });
});
