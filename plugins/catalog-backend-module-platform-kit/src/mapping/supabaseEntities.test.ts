import { expectValidEntity } from '../__testUtils__/validateEntity';
import { supabaseEntities } from './supabaseEntities';

describe('supabaseEntities', () => {
  const entities = supabaseEntities(
    [
      {
        id: 'acme-db',
        entityRef: 'resource:default/acme-db',
        schemas: ['public', 'api', 'public'],
      },
      { id: 'other', entityRef: 'resource:data/Other_DB' },
    ],
    {
      owner: 'group:default/platform-team',
      system: 'system:default/acme-tasks',
    },
  );

  it('makes each project a supabase-project Resource named after its target entity', async () => {
    for (const e of entities) await expectValidEntity(e);
    expect(
      entities.map(e => `${e.metadata.namespace}/${e.metadata.name}`),
    ).toEqual([
      'default/acme-db',
      'default/acme-db-api',
      'default/acme-db-public',
      'data/Other_DB',
    ]);
    expect(entities[0]).toMatchObject({
      kind: 'Resource',
      metadata: {
        annotations: {
          'platform-kit.dev/target': 'acme-db',
          'backstage.io/managed-by-location': 'platform-kit-supabase:targets',
        },
      },
      spec: {
        type: 'supabase-project',
        owner: 'group:default/platform-team',
        system: 'system:default/acme-tasks',
      },
    });
  });

  it('makes exposed schemas database-schema Resources that the project depends on', () => {
    expect(entities[2]).toMatchObject({
      metadata: {
        title: 'acme-db / public',
        annotations: {
          'platform-kit.dev/target': 'acme-db',
          'platform-kit.dev/schema': 'public',
        },
      },
      spec: {
        type: 'database-schema',
        dependencyOf: ['resource:default/acme-db'],
        owner: 'group:default/platform-team',
      },
    });
  });
});
