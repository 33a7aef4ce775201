import {
  loadDemoProject,
  createTestDatabase,
  dropDatabase,
  TestDatabase,
} from '@platform-kit/devtools';
import {
  CORE_CAPABILITIES,
  Finding,
  parityMatrixSchema,
} from '@platform-kit/plugin-platform-kit-common';
import { PgExecutor } from '../executor/pgExecutor';
import { introspect } from '../introspection/introspect';
import { LINT_RULES } from '../lint/rules';
import { runLints } from '../lint/runLints';
import { evaluateParity } from './evaluateParity';

jest.setTimeout(60_000);

const capabilities = CORE_CAPABILITIES.capabilities;
const finding = (
  name: string,
  level: Finding['level'],
  key = name,
): Finding => ({
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
  severity: 3,
  fixable: false,
});

describe('evaluateParity', () => {
  it('maps every db contract to lint rules that exist', () => {
    const names = new Set(LINT_RULES.map(r => r.name));
    const referenced = capabilities
      .flatMap(c => c.contracts)
      .flatMap(k => (k.check.kind === 'lints' ? k.check.lints : []));
    expect(referenced.filter(n => !names.has(n))).toEqual([]);
  });

  it('applies exactly the capabilities a profile names', () => {
    const matrix = evaluateParity({
      entityRef: 'component:default/web',
      applicable: ['db.api-exposure', 'repo.spec-bundle'],
      capabilities,
      findings: [],
      facts: {},
    });
    const applied = matrix.results
      .filter(r => r.status !== 'not_applicable')
      .map(r => r.capabilityId);
    expect(applied).toEqual(['db.api-exposure', 'repo.spec-bundle']);
  });

  it('does not let a database capability pass when no database was scanned', () => {
    const matrix = evaluateParity({
      entityRef: 'component:default/web',
      applicable: ['db.api-exposure'],
      capabilities,
    });
    const result = matrix.results.find(
      r => r.capabilityId === 'db.api-exposure',
    )!;
    expect(result.status).toBe('fail');
    expect(result.evidence[0].note).toBe('No successful database scan yet');
    expect(matrix.score).toBe(0);
  });

  it('decides each contract by its findings and keeps them as evidence', () => {
    const matrix = evaluateParity({
      entityRef: 'resource:default/db',
      targets: ['supabase-project'],
      capabilities,
      findings: [
        finding('function_search_path_mutable', 'WARN', 'fspm_1'),
        finding('rls_enabled_no_policy', 'INFO'),
      ],
      now: new Date('2026-11-26T00:00:00Z'),
    });
    const byId = Object.fromEntries(
      matrix.results.map(r => [r.capabilityId, r]),
    );
    expect(byId['db.function-security'].status).toBe('partial');
    expect(
      byId['db.function-security'].evidence.find(
        e => e.contractId === 'search-path-pinned',
      ),
    ).toMatchObject({
      status: 'fail',
      findings: [
        {
          cache_key: 'fspm_1',
          name: 'function_search_path_mutable',
          level: 'WARN',
        },
      ],
    });
    // INFO findings below the contract's failLevel (WARN) make it partial, not failed.
    expect(
      byId['db.row-level-security'].evidence.find(
        e => e.contractId === 'rls-beyond-the-api',
      )?.status,
    ).toBe('partial');
    expect(byId['db.extension-isolation'].status).toBe('pass');
    expect(byId['repo.spec-bundle'].status).toBe('not_applicable');
    // Weighted: rls partial (5 × .5), functions partial (5 × .5), api pass 4, extensions pass 3 → 12/17.
    expect(matrix.score).toBe(70.6);
  });

  it('decides repository contracts by facts and reports missing facts as failing evidence', () => {
    const matrix = evaluateParity({
      entityRef: 'component:default/web',
      targets: ['repository'],
      capabilities,
      facts: {
        'spec.constitution': true,
        'spec.prd': true,
        'spec.plan': true,
        'spec.tasks': true,
        'spec.sections': true,
        'repo.codeowners': true,
      },
    });
    const gates = matrix.results.find(
      r => r.capabilityId === 'repo.delivery-gates',
    )!;
    expect(
      matrix.results.find(r => r.capabilityId === 'repo.spec-bundle')!.status,
    ).toBe('pass');
    expect(gates.status).toBe('partial');
    expect(
      gates.evidence.find(e => e.contractId === 'dependabot'),
    ).toMatchObject({ status: 'fail', facts: { 'repo.dependabot': null } });
  });

  it('counts an active exemption as pass and ignores an expired one', () => {
    const common = {
      entityRef: 'resource:default/db',
      targets: ['supabase-project' as const],
      capabilities,
      findings: [finding('extension_in_public', 'WARN')],
      now: new Date('2026-11-26T00:00:00Z'),
    };
    const exemption = {
      capabilityId: 'db.extension-isolation',
      reason: 'vendor extension',
      requestedBy: 'user:default/ada',
    };
    const active = evaluateParity({
      ...common,
      exemptions: [{ ...exemption, expiresAt: '2026-12-31T00:00:00Z' }],
    });
    const expired = evaluateParity({
      ...common,
      exemptions: [{ ...exemption, expiresAt: '2026-11-01T00:00:00Z' }],
    });
    const ext = (m: typeof active) =>
      m.results.find(r => r.capabilityId === 'db.extension-isolation')!;
    expect(ext(active)).toMatchObject({
      status: 'exempted',
      exemption: { reason: 'vendor extension' },
    });
    expect(ext(expired)).toMatchObject({ status: 'partial', exemption: null });
    expect(active.score).toBe(100);
    expect(expired.score).toBeLessThan(100);
  });

  describe('on the demo project', () => {
    let server: TestDatabase;
    const name = `pk_parity_demo_${process.pid}`;
    beforeAll(async () => {
      server = await createTestDatabase({ supabase: false });
    });
    afterAll(async () => {
      await dropDatabase(server.adminUrl, name);
      await server.drop();
    });

    it('fails the critical database capabilities and scores low', async () => {
      const executor = new PgExecutor(
        await loadDemoProject(server.adminUrl, name),
      );
      const inventory = await introspect(executor);
      await executor.close();
      const matrix = evaluateParity({
        entityRef: 'resource:default/acme-tasks-db',
        targets: ['supabase-project'],
        capabilities,
        findings: runLints(inventory).findings,
      });
      const statuses = Object.fromEntries(
        matrix.results.map(r => [r.capabilityId, r.status]),
      );
      expect(statuses).toMatchObject({
        'db.row-level-security': 'fail',
        'db.function-security': 'fail',
        'db.api-exposure': 'partial',
        'db.extension-isolation': 'partial',
        'integration.contracts': 'not_applicable',
      });
      expect(matrix.score).toBeLessThan(30);
      // What the API will serve: the matrix validates against the published schema.
      expect(parityMatrixSchema.parse(matrix)).toEqual(matrix);
    });
  });
});
