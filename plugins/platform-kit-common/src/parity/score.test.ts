import { capabilityDefinitionsSchema } from './capabilitySchema';
import { CORE_CAPABILITIES } from './coreCapabilities';
import { parityScore } from './score';

describe('parityScore', () => {
  it('is the severity-weighted mean of pass 1, partial 0.5, fail 0, with exemptions as pass', () => {
    expect(
      parityScore([
        { status: 'pass', severity: 5 },
        { status: 'fail', severity: 5 },
        { status: 'partial', severity: 4 },
        { status: 'exempted', severity: 3 },
        { status: 'not_applicable', severity: 5 },
      ]),
    ).toBe(Math.round(((5 + 0 + 2 + 3) / 17) * 1000) / 10);
  });

  it('is null when no capability applies', () => {
    expect(parityScore([{ status: 'not_applicable', severity: 3 }])).toBeNull();
    expect(parityScore([])).toBeNull();
  });
});

describe('capability definitions', () => {
  it('seeds the seven core capabilities with their severities', () => {
    expect(CORE_CAPABILITIES.capabilities.map(c => [c.id, c.severity])).toEqual(
      [
        ['db.row-level-security', 5],
        ['db.function-security', 5],
        ['db.api-exposure', 4],
        ['db.extension-isolation', 3],
        ['repo.spec-bundle', 3],
        ['repo.delivery-gates', 3],
        ['integration.contracts', 4],
      ],
    );
  });

  it('rejects duplicate ids, bad ids and empty contracts with a path to the problem', () => {
    const base = CORE_CAPABILITIES.capabilities[0];
    const parse = (capabilities: unknown[]) =>
      capabilityDefinitionsSchema.safeParse({
        apiVersion: 'platform-kit.dev/v1',
        kind: 'CapabilityDefinitions',
        capabilities,
      });
    expect(parse([base, base]).error?.issues[0]).toMatchObject({
      message: 'capability ids must be unique',
      path: ['capabilities'],
    });
    expect(parse([{ ...base, id: 'RLS' }]).error?.issues[0].path).toEqual([
      'capabilities',
      0,
      'id',
    ]);
    expect(parse([{ ...base, contracts: [] }]).error?.issues[0].path).toEqual([
      'capabilities',
      0,
      'contracts',
    ]);
    expect(parse([{ ...base, severity: 9 }]).success).toBe(false);
  });
});
