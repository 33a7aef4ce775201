import { ParityCapability } from '@platform-kit/plugin-platform-kit-common';
import { ParityResponse } from '../../api/types';

/** Test data: a parity response in the shape of the OpenAPI document. */
export const ENTITY_REF = 'resource:default/acme-tasks-db';
export const PARITY_PATH = '/entities/resource/default/acme-tasks-db/parity';

export const capabilities: ParityCapability[] = [
  {
    capabilityId: 'rls-exposed-tables',
    title: 'Row level security on exposed tables',
    severity: 5,
    status: 'fail',
    exemption: null,
    evidence: [
      {
        contractId: 'supabase.rls-enabled',
        title: 'RLS enabled on public tables',
        status: 'fail',
        findings: [
          {
            cache_key: 'rls_disabled_in_public_public_tasks',
            name: 'rls_disabled_in_public',
            level: 'ERROR',
            detail:
              'Table public.tasks is public, but RLS has not been enabled.',
          },
        ],
        facts: { rlsEverywhere: false, policiesPresent: null },
      },
    ],
  },
  {
    capabilityId: 'backups',
    title: 'Point in time recovery',
    severity: 4,
    status: 'partial',
    exemption: null,
    evidence: [
      {
        contractId: 'supabase.pitr',
        title: 'PITR enabled',
        status: 'partial',
        findings: [],
        facts: { pitrEnabled: true, retentionDays7: false },
      },
    ],
  },
  {
    capabilityId: 'indexes',
    title: 'Foreign keys indexed',
    severity: 2,
    status: 'fail',
    exemption: null,
    evidence: [],
  },
  {
    capabilityId: 'mfa',
    title: 'MFA for dashboard users',
    severity: 3,
    status: 'exempted',
    exemption: {
      reason: 'SSO enforces MFA upstream',
      requestedBy: 'user:default/jane',
      expiresAt: '2027-01-31T00:00:00.000Z',
    },
    evidence: [
      {
        contractId: 'supabase.mfa',
        title: 'MFA enforced',
        status: 'fail',
        findings: [],
        facts: {},
        note: 'The organisation API was not reachable',
      },
    ],
  },
  {
    capabilityId: 'secrets',
    title: 'No secrets in repository',
    severity: 1,
    status: 'pass',
    exemption: null,
    evidence: [],
  },
  {
    capabilityId: 'edge-functions',
    title: 'Edge functions verify JWT',
    severity: 3,
    status: 'not_applicable',
    exemption: null,
    evidence: [],
  },
];

/** 90 days ending 2026-11-25; the last day is `latest`, seven days before is `weekAgo`. */
export function history(latest: number | null, weekAgo: number | null) {
  const end = Date.parse('2026-11-25T00:00:00Z');
  return Array.from({ length: 90 }, (_, i) => {
    const day = new Date(end - (89 - i) * 86400000).toISOString().slice(0, 10);
    let score: number | null = 60;
    if (i === 89) score = latest;
    else if (i === 82) score = weekAgo;
    return { day, score };
  });
}

export function parity(
  overrides: Partial<ParityResponse> = {},
): ParityResponse {
  return {
    entityRef: ENTITY_REF,
    evaluatedAt: new Date(Date.now() - 3 * 3600000).toISOString(),
    scan: {
      id: 'scan-1',
      finishedAt: new Date(Date.now() - 3 * 3600000).toISOString(),
    },
    score: 82,
    results: capabilities,
    history: history(82, 77.5),
    profile: { profiles: ['supabase-project'], applicable: [], dependsOn: [] },
    sources: { own: { scanId: 'scan-1', kind: 'supabase' }, dependencies: [] },
    ...overrides,
  };
}
