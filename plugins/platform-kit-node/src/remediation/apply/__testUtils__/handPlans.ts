import {
  Patch,
  PatchProbe,
  PatchStep,
  RemediationPlan,
} from '@platform-kit/plugin-platform-kit-common';

/** A step written by hand (the applier's tests do not depend on the builders). */
export const testStep = (
  id: string,
  sql: string,
  extra: Partial<PatchStep> = {},
): PatchStep => ({
  id,
  sql,
  rationale: `test step ${id}`,
  risk: 'safe',
  transactional: true,
  resolves: [],
  tables: [],
  functions: [],
  ...extra,
});

/** One finding's patch: its steps resolve it. */
export const testPatch = (
  findingKey: string,
  steps: PatchStep[],
  probes: PatchProbe[] = [],
): Patch => ({
  lint: 'test_lint',
  findingKey,
  title: `fix ${findingKey}`,
  steps: steps.map(s => ({ ...s, resolves: [findingKey] })),
  manual: null,
  dependants: [],
  probes,
});

export const testPlan = (patches: Patch[]): RemediationPlan => ({
  targetRef: 'component:default/test-db',
  createdAt: new Date().toISOString(),
  includeDestructive: false,
  patches,
  skipped: [],
  preflight: [],
  appSource: null,
});
