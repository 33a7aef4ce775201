import { Patch } from '@platform-kit/plugin-platform-kit-common';
import { helperPatch, rpcPatch } from '../../__testUtils__/remediationPlans';
import { patchConsequences, roleList } from './consequences';

const source = { origin: 'github.com/acme/tasks-app', files: 3 };

describe('patchConsequences', () => {
  it('says nothing uses a patch, and whether the app source was searched', () => {
    const alone: Patch = { ...helperPatch, dependants: [] };
    expect(patchConsequences(alone, source)).toBe(
      'Nothing in the database or in the application source (github.com/acme/tasks-app) uses what this patch changes.',
    );
    expect(patchConsequences(alone, null)).toBe(
      'Nothing in the database uses what this patch changes; the application source was not searched.',
    );
  });

  it('counts what keeps working (with its roles), what blocks the fix and what is not affected', () => {
    const mixed: Patch = {
      ...helperPatch,
      dependants: [
        ...helperPatch.dependants,
        ...rpcPatch.dependants,
        {
          kind: 'publication',
          description: 'publication supabase_realtime',
          roles: [],
          effect: 'unaffected',
        },
      ],
    };
    expect(patchConsequences(mixed, source)).toBe(
      '4 things use what this patch changes: 2 keep working (as anon and authenticated), 1 blocks the fix, so it needs a human, 1 is not affected.',
    );
    expect(patchConsequences(rpcPatch, null)).toBe(
      '1 thing uses what this patch changes: 1 blocks the fix, so it needs a human. The application source was not searched.',
    );
  });

  it('lists roles in plain English', () => {
    expect(roleList([])).toBe('');
    expect(roleList(['anon'])).toBe('anon');
    expect(roleList(['anon', 'authenticated', 'service_role'])).toBe(
      'anon, authenticated and service_role',
    );
  });
});
