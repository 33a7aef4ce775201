import { mockServices } from '@backstage/backend-test-utils';
import { DEFAULT_SCHEDULE, readProvidersConfig } from './config';

const read = (platformKit: unknown) =>
  readProvidersConfig(
    mockServices.rootConfig({
      data: { catalog: { providers: { platformKit } } } as any,
    }),
  );

describe('readProvidersConfig', () => {
  it('is undefined when the module is not configured', () => {
    expect(
      readProvidersConfig(mockServices.rootConfig({ data: {} })),
    ).toBeUndefined();
  });

  it('reads the schedule, supabase and connectors, normalizing refs', () => {
    const config = read({
      schedule: { frequency: { minutes: 5 }, timeout: { minutes: 2 } },
      supabase: { owner: 'platform-team', schemas: true },
      connectors: [
        {
          id: 'n8n-prod',
          owner: 'group:default/automation-team',
          system: 'acme-tasks',
          owners: { alice: 'user:alice' },
        },
      ],
    });
    expect(config).toEqual({
      schedule: { frequency: { minutes: 5 }, timeout: { minutes: 2 } },
      supabase: { owner: 'group:default/platform-team', schemas: true },
      connectors: [
        {
          id: 'n8n-prod',
          owner: 'group:default/automation-team',
          system: 'system:default/acme-tasks',
          owners: { alice: 'user:default/alice' },
        },
      ],
    });
    expect(read({ connectors: [] })?.schedule).toEqual(DEFAULT_SCHEDULE);
  });

  it('names the config path of every problem', () => {
    expect(() =>
      read({
        supabase: { owner: 'system:default/x' },
        connectors: [
          { id: 'n8n-prod', owner: 'group:default/a' },
          { id: 'n8n-prod', owner: 'group:default/a', namespace: 'Bad NS' },
        ],
      }),
    ).toThrow(
      'Invalid config: catalog.providers.platformKit.supabase.owner: must be a group or user entity ref, got system:default/x; ' +
        'catalog.providers.platformKit.connectors[1].namespace: must be a valid namespace; ' +
        'catalog.providers.platformKit.connectors[1].id: duplicate connector id n8n-prod',
    );
    expect(() => read({ connectors: [{ id: 'x', owner: ':' }] })).toThrow(
      'catalog.providers.platformKit.connectors[0].owner: not an entity ref: :',
    );
    expect(() => read({ schedule: { frequency: 'often' } })).toThrow(
      /^Invalid config: catalog\.providers\.platformKit\.schedule: /,
    );
  });
});
