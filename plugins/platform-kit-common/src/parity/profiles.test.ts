import { CORE_CAPABILITIES } from './coreCapabilities';
import {
  applicableCapabilities,
  DEFAULT_PROFILES,
  inheritedCapabilities,
  mergeProfiles,
  resolveProfile,
} from './profiles';

const ids = CORE_CAPABILITIES.capabilities.map(c => c.id);
const entity = (
  kind: string,
  type?: string,
  annotations?: Record<string, string>,
) => ({ kind, metadata: { annotations }, spec: { type } });

describe('resolveProfile', () => {
  it('gives a Supabase project the db.* capabilities', () => {
    const p = resolveProfile(
      entity('Resource', 'supabase-project'),
      DEFAULT_PROFILES,
      ids,
    );
    expect(p.profiles).toEqual(['supabase-project']);
    expect(p.capabilities).toEqual([
      'db.row-level-security',
      'db.function-security',
      'db.api-exposure',
      'db.extension-isolation',
    ]);
    expect(p.inherit).toEqual([]);
  });

  it('gives a Component repo.* and inherits db.* from what it depends on', () => {
    const p = resolveProfile(
      entity('Component', 'service'),
      DEFAULT_PROFILES,
      ids,
    );
    expect(p.capabilities).toEqual(['repo.spec-bundle', 'repo.delivery-gates']);
    expect(p.inherit).toEqual(['db.*']);
  });

  it('gives connector entities integration.contracts, whatever their kind', () => {
    const p = resolveProfile(
      entity('Resource', 'n8n-workflow', {
        'platform-kit.dev/connector': 'n8n',
      }),
      DEFAULT_PROFILES,
      ids,
    );
    expect(p.profiles).toEqual(['connector-entity']);
    expect(p.capabilities).toEqual(['integration.contracts']);
  });

  it('leaves entities no profile matches without capabilities', () => {
    const p = resolveProfile(entity('Group'), DEFAULT_PROFILES, ids);
    expect(p).toMatchObject({ profiles: [], capabilities: [], inherit: [] });
  });

  it('lets annotations add, remove and replace profiles', () => {
    const added = resolveProfile(
      entity('Component', 'website', {
        'platform-kit.dev/capabilities': 'db.api-exposure',
        'platform-kit.dev/exclude-capabilities': 'repo.delivery-gates',
      }),
      DEFAULT_PROFILES,
      ids,
    );
    expect(added.capabilities).toEqual(['db.api-exposure', 'repo.spec-bundle']);
    expect(added.exclude).toEqual(['repo.delivery-gates']);

    const none = resolveProfile(
      entity('Component', 'website', { 'platform-kit.dev/profile': 'none' }),
      DEFAULT_PROFILES,
      ids,
    );
    expect(none).toMatchObject({ profiles: [], capabilities: [], inherit: [] });

    const replaced = resolveProfile(
      entity('Component', 'website', {
        'platform-kit.dev/profile': 'supabase-project, nope',
      }),
      DEFAULT_PROFILES,
      ids,
    );
    expect(replaced.profiles).toEqual(['supabase-project']);
    expect(replaced.capabilities).toHaveLength(4);
    expect(replaced.unknownProfiles).toEqual(['nope']);
  });
});

describe('mergeProfiles', () => {
  it('replaces a default by id and adds new profiles', () => {
    const merged = mergeProfiles([
      { id: 'component', match: { kind: ['component'] }, capabilities: [] },
      {
        id: 'apis',
        match: { kind: ['API'], type: ['openapi'] },
        capabilities: ['db.api-exposure'],
      },
    ]);
    expect(merged.map(p => p.id)).toEqual([
      'supabase-project',
      'component',
      'connector-entity',
      'apis',
    ]);
    const api = resolveProfile(entity('api', 'OpenAPI'), merged, ids);
    expect(api.capabilities).toEqual(['db.api-exposure']);
    expect(
      resolveProfile(entity('Component'), merged, ids).capabilities,
    ).toEqual([]);
  });

  it('rejects a profile that matches everything or names a bad pattern', () => {
    expect(() => mergeProfiles([{ id: 'all', match: {} }])).toThrow(
      /at least one of kind, type, annotation/,
    );
    expect(() =>
      mergeProfiles([
        { id: 'x', match: { kind: ['a'] }, capabilities: ['DB stuff'] },
      ]),
    ).toThrow(/capability id or a pattern/);
  });
});

describe('inheritedCapabilities', () => {
  it('takes the matching capabilities dependencies have, minus exclusions', () => {
    expect(
      inheritedCapabilities(
        ['db.*'],
        [
          ['db.row-level-security', 'db.api-exposure'],
          ['db.api-exposure', 'repo.spec-bundle'],
        ],
        ['db.api-exposure'],
      ),
    ).toEqual(['db.row-level-security']);
    expect(inheritedCapabilities([], [['db.api-exposure']])).toEqual([]);
  });
});

describe('applicableCapabilities', () => {
  it('gives a Component its repo.* and the db.* of the projects it depends on, minus what it excludes', () => {
    const component = resolveProfile(
      entity('Component', 'service', {
        'platform-kit.dev/exclude-capabilities': 'db.api-exposure',
      }),
      DEFAULT_PROFILES,
      ids,
    );
    const project = resolveProfile(
      entity('Resource', 'supabase-project'),
      DEFAULT_PROFILES,
      ids,
    );
    expect(applicableCapabilities(component, [], ids)).toEqual([
      'repo.spec-bundle',
      'repo.delivery-gates',
    ]);
    expect(
      applicableCapabilities(component, [project.capabilities], ids),
    ).toEqual([
      'db.row-level-security',
      'db.function-security',
      'db.extension-isolation',
      'repo.spec-bundle',
      'repo.delivery-gates',
    ]);
  });
});
