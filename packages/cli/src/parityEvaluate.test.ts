import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  COMPLETE_SPEC_BUNDLE,
  createTestDatabase,
  TestDatabase,
  writeTempRepository,
} from '@platform-kit/devtools';
import { parityResultsDocumentSchema } from '@platform-kit/plugin-platform-kit-node';
import { runCli } from './__testUtils__/runCli';

jest.setTimeout(60_000);

/** The CI workflow docs/parity-gate.md recommends, plus lint/test/build. */
const CI_WORKFLOW = `name: CI
on: [pull_request]
jobs:
  verify:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - run: yarn lint
      - run: yarn test
      - run: yarn build
      - run: |
          npx platform-kit parity evaluate --entity-ref component:default/shop --output current.json
          npx platform-kit parity gate --baseline .platform-kit/parity-baseline.json --current current.json
`;

const status = (doc: { parity: { results: any[] } }, id: string) =>
  doc.parity.results.find(r => r.capabilityId === id)?.status;
const contract = (
  doc: { parity: { results: any[] } },
  id: string,
  contractId: string,
) =>
  doc.parity.results
    .find(r => r.capabilityId === id)
    ?.evidence.find((e: any) => e.contractId === contractId)?.status;

async function evaluate(args: string[]) {
  const run = await runCli(['parity', 'evaluate', ...args]);
  return {
    ...run,
    doc:
      run.code === 0 && run.stdout
        ? parityResultsDocumentSchema.parse(JSON.parse(run.stdout))
        : undefined,
  };
}

describe('platform-kit parity evaluate on a repository', () => {
  const dirs: string[] = [];
  const repo = async (files: Record<string, string>) => {
    const dir = await writeTempRepository(files);
    dirs.push(dir);
    return dir;
  };
  afterAll(() =>
    dirs.forEach(d => fs.rmSync(d, { recursive: true, force: true })),
  );

  it('gives a bare repository failing repo.* capabilities and no db.*', async () => {
    const dir = await repo({ 'README.md': '# Shop\n' });
    const { code, doc, stderr } = await evaluate([
      '--entity-ref',
      'Component:default/Shop',
      '--repo',
      dir,
    ]);
    expect(code).toBe(0);
    expect(doc!.entityRef).toBe('component:default/shop');
    expect(doc!.findings).toBeUndefined();
    expect(doc!.parity.score).toBe(0);
    expect(status(doc!, 'repo.spec-bundle')).toBe('fail');
    expect(status(doc!, 'repo.delivery-gates')).toBe('fail');
    expect(status(doc!, 'db.row-level-security')).toBe('not_applicable');
    expect(stderr).toBe(
      'Parity of component:default/shop: 0.0 (2 capabilities)\n',
    );
  });

  it('scores what the checkout has: spec bundle, CI with the gate, CODEOWNERS', async () => {
    const specOnly = await evaluate([
      '--entity-ref',
      'component:default/shop',
      '--repo',
      await repo(COMPLETE_SPEC_BUNDLE),
    ]);
    expect(status(specOnly.doc!, 'repo.spec-bundle')).toBe('pass');
    expect(status(specOnly.doc!, 'repo.delivery-gates')).toBe('fail');
    expect(specOnly.doc!.parity.score).toBe(50);

    const governed = await evaluate([
      '--entity-ref',
      'component:default/shop',
      '--repo',
      await repo({
        ...COMPLETE_SPEC_BUNDLE,
        '.github/workflows/ci.yml': CI_WORKFLOW,
        '.github/CODEOWNERS': '* @acme/shop-team\n',
      }),
    ]);
    const gates = 'repo.delivery-gates';
    expect(contract(governed.doc!, gates, 'ci-workflow')).toBe('pass');
    expect(contract(governed.doc!, gates, 'parity-gate')).toBe('pass');
    expect(contract(governed.doc!, gates, 'codeowners')).toBe('pass');
    expect(contract(governed.doc!, gates, 'dependabot')).toBe('fail');
    // A local folder cannot tell whether its branch is protected.
    expect(contract(governed.doc!, gates, 'protected-branch')).toBe('fail');
    expect(status(governed.doc!, gates)).toBe('partial');
    expect(governed.doc!.parity.score).toBe(75);
  });

  it('recognises the GitHub Actions workflow of docs/parity-gate.md as running the gate', async () => {
    const docs = fs.readFileSync(
      path.resolve(__dirname, '../../../docs/parity-gate.md'),
      'utf8',
    );
    const workflow = /```yaml\n(name: Parity\n[\s\S]*?)```/.exec(docs)![1];
    const { doc } = await evaluate([
      '--entity-ref',
      'component:default/shop',
      '--repo',
      await repo({ '.github/workflows/parity.yml': workflow }),
    ]);
    expect(contract(doc!, 'repo.delivery-gates', 'parity-gate')).toBe('pass');
  });

  it('writes --output (creating its folder) and refuses bad input with exit 2', async () => {
    const dir = await repo(COMPLETE_SPEC_BUNDLE);
    const out = path.join(dir, '.platform-kit', 'parity.json');
    const run = await runCli([
      'parity',
      'evaluate',
      '--entity-ref',
      'component:default/shop',
      '--repo',
      dir,
      '--output',
      out,
    ]);
    expect(run.code).toBe(0);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain(`, written to ${out}`);
    const written = parityResultsDocumentSchema.parse(
      JSON.parse(fs.readFileSync(out, 'utf8')),
    );
    expect(written.parity.score).toBe(50);

    const cases: [string[], string][] = [
      [['--repo', dir], '--entity-ref: is required'],
      [
        ['--entity-ref', 'shop', '--repo', dir],
        '--entity-ref: must be a full entity ref like component:default/shop',
      ],
      [
        ['--entity-ref', 'component:default/shop', '--repo', `${dir}/nope`],
        `--repo: ${dir}/nope is not a directory`,
      ],
      [
        ['--entity-ref', 'api:default/shop-api'],
        'no capability applies to api:default/shop-api',
      ],
      [
        ['--entity-ref', 'resource:default/shop-db'],
        'resource:default/shop-db is evaluated on a database: give --db <url> or --supabase-ref <ref>',
      ],
      [
        [
          '--entity-ref',
          'component:default/shop',
          '--repo',
          dir,
          '--db',
          'mysql://x',
        ],
        '--db: must be a postgres:// or postgresql:// connection string',
      ],
    ];
    for (const [args, message] of cases) {
      const bad = await runCli(['parity', 'evaluate', ...args]);
      expect(bad.code).toBe(2);
      expect(bad.stdout).toBe('');
      expect(bad.stderr).toContain(message);
    }
  });

  it('evaluates against capability definitions from --capabilities', async () => {
    const dir = await repo({ '.github/CODEOWNERS': '* @acme/shop\n' });
    const file = path.join(dir, 'capabilities.yaml');
    fs.writeFileSync(
      file,
      `apiVersion: platform-kit.dev/v1
kind: CapabilityDefinitions
capabilities:
  - id: repo.ownership
    title: Ownership
    description: Someone owns the code.
    severity: 4
    appliesTo: [repository]
    contracts:
      - id: codeowners
        title: CODEOWNERS names the owners
        check: { kind: facts, facts: [repo.codeowners] }
`,
    );
    const { doc } = await evaluate([
      '--entity-ref',
      'component:default/shop',
      '--repo',
      dir,
      '--capabilities',
      file,
    ]);
    expect(doc!.parity.results.map(r => [r.capabilityId, r.status])).toEqual([
      ['repo.ownership', 'pass'],
    ]);
    expect(doc!.parity.score).toBe(100);

    fs.writeFileSync(file, 'apiVersion: platform-kit.dev/v1\nkind: Nope\n');
    const bad = await runCli([
      'parity',
      'evaluate',
      '--entity-ref',
      'component:default/shop',
      '--repo',
      dir,
      '--capabilities',
      file,
    ]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(
      new RegExp(`^platform-kit: --capabilities: ${file}: kind: `),
    );
  });
});

describe('platform-kit parity evaluate on a database', () => {
  let db: TestDatabase;
  let dir: string;
  beforeAll(async () => {
    db = await createTestDatabase();
    const c = await db.connect();
    await c.query(`
      create table public.orders (id int primary key, note text);
      create table public.audit (id int primary key);
      alter table public.audit enable row level security;
    `);
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'parity-evaluate-'));
  });
  afterAll(async () => {
    await db.drop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('gives a supabase-project resource db.* from the lints, with the findings', async () => {
    const { code, doc, stderr } = await evaluate([
      '--entity-ref',
      'resource:default/shop-db',
      '--db',
      db.url,
    ]);
    expect(code).toBe(0);
    expect(stderr).toMatch(
      /^Parity of resource:default\/shop-db: \d+\.\d \(4 capabilities, \d+ findings\)\n$/,
    );
    expect(doc!.findings!.map(f => f.cache_key)).toEqual(
      expect.arrayContaining(['rls_disabled_in_public_public_orders']),
    );
    expect(status(doc!, 'db.row-level-security')).toBe('partial');
    expect(
      contract(doc!, 'db.row-level-security', 'rls-on-exposed-tables'),
    ).toBe('fail');
    expect(status(doc!, 'repo.spec-bundle')).toBe('not_applicable');
    expect(doc!.parity.score).toBeLessThan(100);
    expect(stderr).not.toContain(db.url);
  });

  it('gives a Component with --db its repo.* and the inherited db.*; exclusions count as accepted', async () => {
    const withDb = await evaluate([
      '--entity-ref',
      'component:default/shop',
      '--repo',
      dir,
      '--db',
      db.url,
    ]);
    expect(withDb.code).toBe(0);
    expect(status(withDb.doc!, 'repo.spec-bundle')).toBe('fail');
    expect(status(withDb.doc!, 'db.row-level-security')).toBe('partial');
    expect(
      contract(withDb.doc!, 'db.row-level-security', 'rls-on-exposed-tables'),
    ).toBe('fail');
    expect(status(withDb.doc!, 'integration.contracts')).toBe('not_applicable');

    const exclusions = path.join(dir, 'exclusions.yaml');
    fs.writeFileSync(
      exclusions,
      [
        'rules:',
        ...[
          'rls_disabled_in_public',
          'sensitive_columns_exposed',
          'api_role_write_without_rls',
        ].map(
          name => `  - name: ${name}\n    reason: orders are public by design`,
        ),
      ].join('\n'),
    );
    const accepted = await evaluate([
      '--entity-ref',
      'component:default/shop',
      '--repo',
      dir,
      '--db',
      db.url,
      '--exclusions',
      exclusions,
    ]);
    expect(accepted.doc!.findings!.map(f => f.cache_key)).not.toContain(
      'rls_disabled_in_public_public_orders',
    );
    expect(
      contract(accepted.doc!, 'db.row-level-security', 'rls-on-exposed-tables'),
    ).toBe('pass');
    expect(accepted.doc!.findings!.length).toBeLessThan(
      withDb.doc!.findings!.length,
    );
  });

  it('exits 2 with a one-line message when the database cannot be reached', async () => {
    const run = await runCli([
      'parity',
      'evaluate',
      '--entity-ref',
      'resource:default/shop-db',
      '--db',
      'postgres://nobody:secret-pw@127.0.0.1:1/none',
    ]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^platform-kit: cannot connect to the database/);
    expect(run.stderr).not.toContain('secret-pw');
    expect(run.stdout).toBe('');
  });
});
