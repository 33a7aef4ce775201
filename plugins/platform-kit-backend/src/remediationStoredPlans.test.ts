import { controlPlaneTests, projectTarget } from './__testUtils__/controlPlane';
import { callApi, firstScan } from './__testUtils__/testBackend';

const controlPlane = controlPlaneTests();
const DB = 'resource:default/older-db';

describe('remediation plans stored by an older release', () => {
  it('are returned in the current shape, with the fields added since then empty', async () => {
    const target = await controlPlane.targetDatabase(`
      create function public.older() returns int language sql as $$ select 1 $$;`);
    const knex = await controlPlane.opsStore();
    const backend = await controlPlane.start({
      knex,
      targets: [projectTarget(DB, target.url)],
    });
    try {
      await firstScan(backend.server, DB);
      const created = await callApi(
        backend.server,
        'post',
        '/remediation-plans',
        {
          entityRef: DB,
          lints: ['function_search_path_mutable'],
        },
      );
      expect(created.status).toBe(201);
      // The plan as a release before dependants, probes and the pre-flight stored it.
      await knex.raw(
        `UPDATE ops.remediation_plans
            SET plan = (plan - 'preflight' - 'appSource')
                       || jsonb_build_object('patches',
                            (SELECT jsonb_agg(p - 'dependants' - 'probes') FROM jsonb_array_elements(plan -> 'patches') p))
          WHERE id = ?`,
        [created.body.id],
      );
      const read = await callApi(
        backend.server,
        'get',
        `/remediation-plans/${created.body.id}`,
      );
      expect(read.status).toBe(200);
      expect(read.body.plan.preflight).toEqual([]);
      expect(read.body.plan.appSource).toBeNull();
      expect(read.body.plan.patches.length).toBeGreaterThan(0);
      for (const patch of read.body.plan.patches)
        expect(patch).toMatchObject({ dependants: [], probes: [] });
    } finally {
      await backend.stop();
      await target.drop();
    }
  });
});
