import {
  CONTRACT_RUN_MAX_AGE_HOURS,
  CORE_CAPABILITIES,
} from '@platform-kit/plugin-platform-kit-common';
import { evaluateParity } from './evaluateParity';

const capabilities = CORE_CAPABILITIES.capabilities;
const now = new Date('2025-06-02T12:00:00.000Z');
const hoursAgo = (h: number) =>
  new Date(now.getTime() - h * 3_600_000).toISOString();

/** integration.contracts of a connector whose latest contract run is given. */
function integration(
  run?: { passed: boolean; finishedAt?: string },
  healthy = true,
) {
  const matrix = evaluateParity({
    entityRef: 'resource:default/ledger',
    applicable: ['integration.contracts'],
    capabilities,
    facts: {
      'connector.healthy': healthy,
      ...(run ? { 'connector.contract-tests': run.passed } : {}),
    },
    factsObservedAt: run?.finishedAt
      ? { 'connector.contract-tests': run.finishedAt }
      : {},
    now,
  });
  const result = matrix.results.find(
    r => r.capabilityId === 'integration.contracts',
  )!;
  return {
    status: result.status,
    contract: result.evidence.find(e => e.contractId === 'contract-tests')!,
  };
}

describe('integration.contracts reads the latest contract run with its age', () => {
  it('passes when the latest run passed within the bound, showing its time and age', () => {
    const { status, contract } = integration({
      passed: true,
      finishedAt: hoursAgo(5),
    });
    expect(status).toBe('pass');
    expect(contract).toMatchObject({
      status: 'pass',
      facts: { 'connector.contract-tests': true },
      note: 'connector.contract-tests: true, observed 2025-06-02T07:00:00.000Z (5 h ago)',
    });
    expect(contract.title).toBe(
      `The latest contract run passed, within ${CONTRACT_RUN_MAX_AGE_HOURS} hours`,
    );
  });

  it('is partial when the latest run passed longer ago than the bound', () => {
    const { status, contract } = integration({
      passed: true,
      finishedAt: hoursAgo(CONTRACT_RUN_MAX_AGE_HOURS + 1),
    });
    expect(contract.status).toBe('partial');
    expect(contract.note).toBe(
      `connector.contract-tests: true, observed 2025-05-31T11:00:00.000Z (49 h ago, older than ${CONTRACT_RUN_MAX_AGE_HOURS} h)`,
    );
    // Healthy passes, the stale run is partial: partial overall.
    expect(status).toBe('partial');
  });

  it('is partial when no contract run was recorded yet', () => {
    const { status, contract } = integration(undefined);
    expect(contract).toMatchObject({
      status: 'partial',
      facts: { 'connector.contract-tests': null },
      note: 'connector.contract-tests: not observed yet',
    });
    expect(status).toBe('partial');
  });

  it('fails when the latest run failed, fresh or not', () => {
    for (const finishedAt of [hoursAgo(0.25), hoursAgo(100), undefined]) {
      const { contract } = integration({ passed: false, finishedAt });
      expect(contract.status).toBe('fail');
    }
    const { contract } = integration({
      passed: false,
      finishedAt: hoursAgo(0.25),
    });
    expect(contract.note).toBe(
      'connector.contract-tests: false, observed 2025-06-02T11:45:00.000Z (0.3 h ago)',
    );
  });

  it('treats a run time from the future as just observed', () => {
    const { contract } = integration({
      passed: true,
      finishedAt: new Date(now.getTime() + 60_000).toISOString(),
    });
    expect(contract.status).toBe('pass');
    expect(contract.note).toContain('(0.0 h ago)');
  });

  it('is partial when some timed facts pass and others are stale, fail only when all fail', () => {
    const evaluate = (facts: Record<string, boolean>) =>
      evaluateParity({
        entityRef: 'resource:default/x',
        applicable: ['x.timed'],
        capabilities: [
          {
            id: 'x.timed',
            title: 'Timed',
            description: 'Two timed facts',
            severity: 2,
            appliesTo: ['connector'],
            contracts: [
              {
                id: 'both',
                title: 'Both recent',
                check: { kind: 'facts', facts: ['a', 'b'], maxAgeHours: 1 },
              },
            ],
          },
        ],
        facts,
        factsObservedAt: { a: hoursAgo(0.5), b: hoursAgo(2) },
        now,
      }).results[0].evidence[0].status;
    expect(evaluate({ a: true, b: true })).toBe('partial');
    expect(evaluate({ a: false, b: true })).toBe('partial');
    expect(evaluate({ a: false, b: false })).toBe('fail');
  });
});
