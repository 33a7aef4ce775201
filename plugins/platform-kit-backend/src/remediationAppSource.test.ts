import { Entity } from '@backstage/catalog-model';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  GithubArchiveServer,
  startGithubArchiveServer,
  TestDatabase,
} from '@platform-kit/devtools';
import { capturedLogs } from './__testUtils__/capturedLogs';
import { controlPlaneTests, projectTarget } from './__testUtils__/controlPlane';
import { expectDocumented } from './__testUtils__/openApiValidator';
import { callApi, firstScan } from './__testUtils__/testBackend';

const controlPlane = controlPlaneTests();

/** A Supabase-like project whose application calls a definer function as RPC. */
const SCHEMA = `
  create table public.invitations (id int primary key, code text);
  alter table public.invitations enable row level security;
  create function public.accept_invitation(code text) returns int
    language sql security definer set search_path = ''
    as $$ select count(*)::int from public.invitations i where i.code = $1 $$;
`;
const CLIENT = [
  "import { supabase } from './client';",
  '',
  'export async function accept(code: string) {',
  "  return supabase.rpc('accept_invitation', { code });",
  '}',
  '',
].join('\n');

/** Which repository each project's catalog entity links, by entity name. */
const PROJECTS: Record<string, string | undefined> = {
  'app-db': 'acme/app',
  'big-db': 'acme/big',
  'gone-db': 'acme/gone',
  'cut-db': 'acme/cut',
  'slow-db': 'acme/slow',
  'locked-db': 'locked/app',
  'plain-db': undefined,
  // A location Backstage reads from a folder of its own machine: never read for a plan.
  'odd-db': 'dir:./app',
};

let mayRead = true;

describe('remediation plans read the application source the catalog links', () => {
  let target: TestDatabase;
  let github: GithubArchiveServer;
  let locked: GithubArchiveServer;
  let backend: { server: any; stop(): Promise<void> };
  const logs = capturedLogs();

  const entity = (name: string): Entity => {
    const repo = PROJECTS[name];
    const server = repo?.startsWith('locked/') ? locked : github;
    return {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Resource',
      metadata: {
        name,
        namespace: 'default',
        annotations: repo
          ? {
              'backstage.io/source-location': repo.startsWith('dir:')
                ? repo
                : `url:${server.baseUrl}/${repo}/tree/main/`,
            }
          : {},
      },
      spec: { type: 'supabase-project', owner: 'group:default/team' },
    };
  };

  beforeAll(async () => {
    target = await controlPlane.targetDatabase(SCHEMA);
    const app = {
      files: {
        'src/invite.ts': CLIENT,
        'src/client.ts': "export const supabase = createClient('x', 'y');\n",
        'node_modules/lib/index.js': "supabase.rpc('accept_invitation')\n",
        'README.md': '# app\n',
      },
    };
    github = await startGithubArchiveServer({
      repos: {
        'acme/app': app,
        'acme/big': {
          files: {
            ...app.files,
            'assets/video.bin': Buffer.alloc(1536 * 1024, 1),
          },
        },
        'acme/cut': {
          files: {
            ...app.files,
            'assets/noise.bin': Buffer.from(
              Array.from({ length: 256 * 1024 }, (_, i) => (i * 7919) % 251),
            ),
          },
          archive: 'truncated',
        },
        'acme/slow': { files: app.files, archive: 'stalled' },
      },
    });
    locked = await startGithubArchiveServer({ repos: { 'locked/app': app } });
    backend = await controlPlane.start({
      targets: Object.keys(PROJECTS).map(name =>
        projectTarget(`resource:default/${name}`, target.url),
      ),
      catalog: catalogServiceMock.factory({
        entities: Object.keys(PROJECTS).map(entity),
      }),
      rootConfig: {
        integrations: {
          github: [
            {
              host: github.host,
              apiBaseUrl: github.baseUrl,
              token: github.token,
            },
            // A token the server does not know: every request is refused (401).
            {
              host: locked.host,
              apiBaseUrl: locked.baseUrl,
              token: 'ghp_notTheRightTokenAtAll0000000000000',
            },
          ],
        },
      },
      config: {
        remediation: { appSource: { maxMegabytes: 1, timeoutSeconds: 2 } },
      },
      permissions: name =>
        name === 'platform-kit.parity.read' && !mayRead
          ? AuthorizeResult.DENY
          : AuthorizeResult.ALLOW,
      features: [logs.factory],
    });
    for (const name of Object.keys(PROJECTS))
      await firstScan(backend.server, `resource:default/${name}`);
  });
  afterAll(async () => {
    await backend.stop();
    await github.close();
    await locked.close();
    await target.drop();
  });

  const plan = (name: string) =>
    callApi(backend.server, 'post', '/remediation-plans', {
      entityRef: `resource:default/${name}`,
      lints: ['anon_security_definer_function_executable'],
    });

  it("finds the RPC calls in the repository and puts them among the function's dependants", async () => {
    const res = await plan('app-db');
    expect(res.status).toBe(201);
    expectDocumented('POST', '/remediation-plans', res);
    expect(res.body.warnings).toEqual([]);
    // Two source files; the dependency folder and the README are not searched.
    expect(res.body.plan.appSource).toEqual({
      origin: `${github.baseUrl}/acme/app/tree/main/`,
      files: 2,
    });
    const [patch] = res.body.plan.patches;
    expect(patch.dependants).toContainEqual(
      expect.objectContaining({
        kind: 'app_call',
        location: 'src/invite.ts:4',
      }),
    );
    // Read through the GitHub API: the reference's commit, then its tarball.
    expect(
      github.requests.map(r => `${r.method} ${r.path} ${r.status}`),
    ).toEqual(
      expect.arrayContaining([
        'GET /repos/acme/app/commits/main/status 200',
        expect.stringMatching(/^GET \/repos\/acme\/app\/tarball\/\w{40} 302$/),
        expect.stringMatching(/^GET \/_codeload\/acme\/app\/.* 200$/),
      ]),
    );
  });

  it('builds the plan without callers when the repository cannot be read, and says why without secrets', async () => {
    const cases: [string, RegExp][] = [
      ['big-db', /larger than 1 MiB/],
      ['gone-db', /could not be read: NotFoundError/],
      ['cut-db', /could not be read/],
      ['locked-db', /could not be read: .*401/],
      ['slow-db', /reading it took longer than 2 s/],
    ];
    for (const [name, why] of cases) {
      const res = await plan(name);
      expect({ name, status: res.status }).toEqual({ name, status: 201 });
      expectDocumented('POST', '/remediation-plans', res);
      expect(res.body.plan.appSource).toBeNull();
      expect(res.body.plan.patches).toHaveLength(1);
      expect(res.body.warnings).toHaveLength(1);
      expect(res.body.warnings[0]).toMatch(
        /^The application source http:\/\/127\.0\.0\.1:\d+\/[a-z]+\/[a-z]+\/tree\/main\/ was not searched for callers/,
      );
      expect(res.body.warnings[0]).toMatch(why);
      const text = JSON.stringify(res.body);
      for (const secret of [github.token, 'ghp_notTheRightToken', 'token='])
        expect(text).not.toContain(secret);
      expect(text).not.toMatch(/\n\s+at /);
      // The stored plan says so too.
      const stored = await callApi(
        backend.server,
        'get',
        `/remediation-plans/${res.body.id}`,
      );
      expect(stored.body.warnings).toEqual(res.body.warnings);
    }
    const logged = logs.lines.filter(l => l.includes('was not searched'));
    expect(logged.length).toBeGreaterThanOrEqual(cases.length);
    for (const line of logged) {
      expect(line).not.toContain(github.token);
      expect(line).not.toContain('token=');
      expect(JSON.parse(line).level).toBe('warn');
    }
  });

  it('reads nothing for an entity without a source location, or with one that is not a URL', async () => {
    const before = github.requests.length + locked.requests.length;
    const res = await plan('plain-db');
    expect(res.status).toBe(201);
    expect(res.body.plan.appSource).toBeNull();
    expect(res.body.warnings).toEqual([]);
    const odd = await plan('odd-db');
    expect(odd.status).toBe(201);
    expect(odd.body.plan.appSource).toBeNull();
    expect(odd.body.warnings).toEqual([
      "backstage.io/source-location of resource:default/odd-db is not a url: location: the plan was built without the application's callers",
    ]);
    expect(github.requests.length + locked.requests.length).toBe(before);
  });

  it('checks the caller may read the entity before it reads the repository', async () => {
    const before = github.requests.length;
    mayRead = false;
    const res = await plan('app-db');
    mayRead = true;
    expect(res.status).toBe(403);
    expect(github.requests.length).toBe(before);
  });
});
