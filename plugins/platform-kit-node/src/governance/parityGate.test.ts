import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  CORE_CAPABILITIES,
  Finding,
} from '@platform-kit/plugin-platform-kit-common';
import { evaluateParity } from '../parity/evaluateParity';
import {
  compareParity,
  parseParityFile,
  ParityFile,
  ParityFileError,
  readParityFile,
} from './parityGate';

const capabilities = CORE_CAPABILITIES.capabilities;
const REF = 'component:default/shop';
const DB = ['db.row-level-security', 'db.function-security'];

const finding = (name: string, level: Finding['level'], key: string) =>
  ({
    name,
    title: name,
    level,
    facing: 'EXTERNAL',
    categories: ['SECURITY'],
    description: '',
    detail: `detail of ${key}`,
    remediation: '',
    metadata: {},
    cache_key: key,
    severity: 4,
    fixable: false,
  } as Finding);

const ALL_FACTS = {
  'spec.constitution': true,
  'spec.prd': true,
  'spec.plan': true,
  'spec.tasks': true,
  'spec.sections': true,
  'repo.ci.lint': true,
  'repo.ci.test': true,
  'repo.ci.build': true,
  'repo.ci.parity-gate': true,
  'repo.codeowners': true,
  'repo.dependabot': true,
  'repo.branch-protection': true,
};

/** A results document as `parity evaluate` writes it. */
function result(
  options: {
    findings?: Finding[];
    facts?: Record<string, boolean>;
    applicable?: string[];
    exemptions?: Parameters<typeof evaluateParity>[0]['exemptions'];
    entityRef?: string;
  } = {},
  source = 'current.json',
): ParityFile {
  const entityRef = options.entityRef ?? REF;
  const parity = evaluateParity({
    entityRef,
    applicable: options.applicable ?? [...DB, 'repo.delivery-gates'],
    capabilities,
    findings: options.findings,
    facts: options.facts ?? ALL_FACTS,
    exemptions: options.exemptions,
  });
  return parseParityFile(
    JSON.parse(
      JSON.stringify({ entityRef, findings: options.findings, parity }),
    ),
    source,
  );
}

describe('parseParityFile / readParityFile', () => {
  let dir: string;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'parity-gate-'));
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('reads a results document and a bare ParityMatrix (extra fields of the API ignored)', async () => {
    const doc = result({ findings: [] });
    const docFile = path.join(dir, 'doc.json');
    fs.writeFileSync(
      docFile,
      JSON.stringify({
        entityRef: 'Component:default/Shop',
        findings: [],
        parity: doc.parity,
      }),
    );
    const read = await readParityFile(docFile);
    expect(read.entityRef).toBe(REF);
    expect(read.findings).toEqual([]);
    expect(read.parity.score).toBe(doc.parity.score);

    const matrixFile = path.join(dir, 'matrix.json');
    fs.writeFileSync(
      matrixFile,
      JSON.stringify({
        ...doc.parity,
        history: [],
        scan: null,
        profile: { profiles: ['component'] },
      }),
    );
    const matrix = await readParityFile(matrixFile);
    expect(matrix.findings).toBeUndefined();
    expect(matrix.parity.results).toHaveLength(capabilities.length);
  });

  it('names the file and the path of the bad field', async () => {
    const doc = result();
    const bad = JSON.parse(JSON.stringify(doc.parity));
    bad.results[1].status = 'great';
    expect(() =>
      parseParityFile({ entityRef: REF, parity: bad }, 'base.json'),
    ).toThrow(
      /^base\.json: not a valid results document: parity\.results\.1\.status: /,
    );
    expect(() => parseParityFile({ score: 'high' }, 'm.json')).toThrow(
      /^m\.json: not a valid parity result \(a ParityMatrix or a results document\): entityRef: /,
    );
    expect(() =>
      parseParityFile(
        { entityRef: 'component:default/other', parity: doc.parity },
        'x.json',
      ),
    ).toThrow(
      'x.json: entityRef component:default/other does not match parity.entityRef component:default/shop',
    );
    const broken = path.join(dir, 'broken.json');
    fs.writeFileSync(broken, '{"entityRef": ');
    await expect(readParityFile(broken)).rejects.toThrow(
      new RegExp(`^${broken}: not valid JSON \\(`),
    );
    await expect(
      readParityFile(path.join(dir, 'missing.json')),
    ).rejects.toThrow(/missing\.json: cannot read \(ENOENT\)$/);
  });
});

describe('compareParity', () => {
  const clean = result({ findings: [] }, 'baseline.json');

  it('reports the drop, the capabilities and contracts that got worse and the new findings', () => {
    const current = result({
      findings: [
        finding('rls_disabled_in_public', 'ERROR', 'rls_public_orders'),
        finding('function_search_path_mutable', 'WARN', 'fn_public_touch'),
      ],
      facts: { ...ALL_FACTS, 'repo.codeowners': false },
    });
    const c = compareParity(clean, current, { maxDrop: 5 });
    expect(c.baselineScore).toBe(100);
    expect(c.currentScore).toBeLessThan(100);
    expect(c.drop).toBe(Math.round((100 - c.currentScore!) * 10) / 10);
    expect(c.passed).toBe(false);
    expect(c.findingsCompared).toBe('all');
    expect(
      c.worse.capabilities.map(x => [x.capabilityId, x.from, x.to]),
    ).toEqual([
      ['db.row-level-security', 'pass', 'partial'],
      ['db.function-security', 'pass', 'partial'],
      ['repo.delivery-gates', 'pass', 'partial'],
    ]);
    expect(c.worse.contracts.map(x => `${x.contractId}:${x.to}`)).toEqual([
      'rls-on-exposed-tables:fail',
      'search-path-pinned:fail',
      'codeowners:fail',
    ]);
    expect(c.worse.findings.map(f => [f.level, f.cache_key])).toEqual([
      ['ERROR', 'rls_public_orders'],
      ['WARN', 'fn_public_touch'],
    ]);
    expect(c.better.capabilities).toEqual([]);

    // Back again: everything listed as better.
    const back = compareParity(current, clean, { maxDrop: 5 });
    expect(back.passed).toBe(true);
    expect(back.drop).toBe(-c.drop!);
    expect(back.worse.capabilities).toEqual([]);
    expect(back.better.capabilities).toHaveLength(3);
    expect(back.better.findings.map(f => f.cache_key)).toEqual([
      'rls_public_orders',
      'fn_public_touch',
    ]);
  });

  it('passes a drop equal to the limit and fails one just above it', () => {
    const current = result({
      findings: [],
      facts: { ...ALL_FACTS, 'repo.codeowners': false },
    });
    const drop = compareParity(clean, current, { maxDrop: 100 }).drop!;
    expect(drop).toBeGreaterThan(0);
    expect(compareParity(clean, current, { maxDrop: drop }).passed).toBe(true);
    expect(compareParity(clean, current, { maxDrop: drop - 0.1 }).passed).toBe(
      false,
    );
    expect(compareParity(clean, clean, { maxDrop: 0 })).toMatchObject({
      drop: 0,
      passed: true,
    });
  });

  it('reports an exempted capability whose exemption ended as worse', () => {
    const failing = [finding('rls_disabled_in_public', 'ERROR', 'rls_x')];
    const exempted = result(
      {
        findings: failing,
        exemptions: [
          {
            capabilityId: 'db.row-level-security',
            reason: 'migration in progress',
            requestedBy: 'user:default/ana',
            expiresAt: new Date(Date.now() + 86_400_000).toISOString(),
          },
        ],
      },
      'baseline.json',
    );
    const expired = result({ findings: failing });
    const c = compareParity(exempted, expired, { maxDrop: 50 });
    expect(c.worse.capabilities).toEqual([
      expect.objectContaining({
        capabilityId: 'db.row-level-security',
        from: 'exempted',
        to: 'partial',
        exemptionEnded: {
          expiresAt: expect.any(String),
        },
      }),
    ]);
    // The contract itself failed in both: not new.
    expect(c.worse.contracts).toEqual([]);
    expect(c.worse.findings).toEqual([]);
  });

  it('counts a capability that starts to apply and fails as worse', () => {
    const repoOnly = result(
      { applicable: ['repo.delivery-gates'] },
      'baseline.json',
    );
    const withDb = result({
      findings: [finding('rls_disabled_in_public', 'ERROR', 'rls_y')],
    });
    const c = compareParity(repoOnly, withDb, { maxDrop: 5 });
    expect(c.worse.capabilities.map(x => [x.capabilityId, x.from])).toEqual([
      ['db.row-level-security', 'not_applicable'],
    ]);
    expect(c.worse.contracts.map(x => [x.contractId, x.from])).toEqual([
      ['rls-on-exposed-tables', undefined],
    ]);
  });

  it('compares the findings the evidence names when a file lacks the full list', () => {
    const base = { ...clean, findings: undefined };
    const current = result({
      findings: [
        finding('rls_disabled_in_public', 'ERROR', 'rls_z'),
        // Not named by any capability: invisible without both full lists.
        finding('unused_index', 'INFO', 'unused_idx'),
      ],
    });
    const c = compareParity(base, current, { maxDrop: 5 });
    expect(c.findingsCompared).toBe('evidence');
    expect(c.findingsNote).toBe(
      'only the findings the capabilities name were compared: baseline.json has no findings list',
    );
    expect(c.worse.findings.map(f => f.cache_key)).toEqual(['rls_z']);
  });

  it('handles results without a score explicitly', () => {
    const none = result({ applicable: [] }, 'baseline.json');
    expect(none.parity.score).toBeNull();
    const some = result({ findings: [] });
    expect(compareParity(none, none, { maxDrop: 5 })).toMatchObject({
      passed: true,
      drop: null,
      explanation: expect.stringMatching(/^neither result has a score/),
    });
    expect(compareParity(none, some, { maxDrop: 5 })).toMatchObject({
      passed: true,
      drop: null,
      explanation: expect.stringMatching(/^the baseline has no score/),
    });
    expect(
      compareParity(
        { ...some, source: 'b.json' },
        { ...none, source: 'c' },
        {
          maxDrop: 100,
        },
      ),
    ).toMatchObject({
      passed: false,
      drop: null,
      explanation: expect.stringMatching(/^the current result has no score/),
    });
  });

  it('refuses results of different entities', () => {
    const other = result({ entityRef: 'component:default/web', findings: [] });
    expect(() => compareParity(clean, other, { maxDrop: 5 })).toThrow(
      new ParityFileError(
        'baseline.json is about component:default/shop but current.json is about component:default/web: compare results of the same entity',
      ),
    );
  });
});
