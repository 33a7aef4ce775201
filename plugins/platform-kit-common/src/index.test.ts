import * as common from './index';

describe('@platform-kit/plugin-platform-kit-common', () => {
  it('defines the permissions the backend checks, with their documented names', () => {
    expect(
      common.platformKitPermissions.map(p => [p.name, p.attributes.action]),
    ).toEqual([
      ['platform-kit.parity.read', 'read'],
      ['platform-kit.scan.create', 'create'],
      ['platform-kit.exemption.manage', 'update'],
      ['platform-kit.remediation.apply', 'update'],
      ['platform-kit.results.push', 'create'],
    ]);
  });

  it('validates a parity matrix as the API serves it', () => {
    const matrix = {
      entityRef: 'resource:default/db',
      evaluatedAt: '2026-11-26T00:00:00.000Z',
      score: 50,
      results: [
        {
          capabilityId: 'db.extension-isolation',
          title: 'Extension isolation',
          severity: 3,
          status: 'exempted',
          exemption: {
            reason: 'vendor',
            requestedBy: 'user:default/ada',
            expiresAt: '2026-12-31T00:00:00Z',
          },
          evidence: [
            {
              contractId: 'extensions-outside-api',
              title: 't',
              status: 'fail',
              findings: [
                {
                  cache_key: 'k',
                  name: 'extension_in_public',
                  level: 'WARN',
                  detail: 'd',
                },
              ],
              facts: {},
            },
          ],
        },
      ],
    };
    expect(common.parityMatrixSchema.parse(matrix)).toEqual(matrix);
    expect(
      common.parityMatrixSchema.safeParse({ ...matrix, score: 101 }).success,
    ).toBe(false);
    expect(
      common.parityMatrixSchema.safeParse({
        ...matrix,
        results: [{ ...matrix.results[0], status: 'unknown' }],
      }).success,
    ).toBe(false);
  });
});
