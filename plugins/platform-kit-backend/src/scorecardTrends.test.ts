import { TestDatabase } from '@platform-kit/devtools';
import { Knex } from 'knex';
import request from 'supertest';
import { openApiProblems } from './__testUtils__/openApiValidator';
import { controlPlaneTests, projectTarget } from './__testUtils__/controlPlane';
import { scanAndWait, user } from './__testUtils__/testBackend';

const controlPlane = controlPlaneTests();
const DB = 'resource:default/trend-db';
const QUIET = 'resource:default/quiet-db';

describe('scorecard trends', () => {
  let target: TestDatabase;
  let knex: Knex;
  let server: any;

  beforeAll(async () => {
    target = await controlPlane.targetDatabase();
    knex = await controlPlane.opsStore();
    ({ server } = await controlPlane.start({
      knex,
      targets: [DB, QUIET].map(ref => projectTarget(ref, target.url)),
    }));
  });
  afterAll(() => target.drop());

  const scorecards = (query = '') =>
    request(server)
      .get(`/api/platform-kit/scorecards${query}`)
      .set('Authorization', user());

  it('gives each entity row its daily scores of the last 90 days, oldest first, without days lacking a score', async () => {
    const [{ id: projectId }] = await knex('ops.projects').select('id');
    // Earlier evaluations: too old, two on one day (the last counts), one without a score.
    const at = (daysAgo: number, hour: number) =>
      knex.raw(
        `date_trunc('day', now()) - make_interval(days => ${daysAgo}, hours => ${-hour})`,
      );
    await knex('ops.parity_scores').insert([
      {
        project_id: projectId,
        entity_ref: DB,
        score: 10,
        evaluated_at: at(100, 12),
      },
      {
        project_id: projectId,
        entity_ref: DB,
        score: 40,
        evaluated_at: at(10, 9),
      },
      {
        project_id: projectId,
        entity_ref: DB,
        score: 60,
        evaluated_at: at(10, 18),
      },
      {
        project_id: projectId,
        entity_ref: DB,
        score: null,
        evaluated_at: at(5, 12),
      },
      {
        project_id: projectId,
        entity_ref: DB,
        score: 80,
        evaluated_at: at(3, 12),
      },
    ]);
    expect((await scanAndWait(server, DB)).status).toBe('succeeded');

    let res: any;
    const rowOf = (ref: string) =>
      res.body.items.find((r: any) => r.entityRef === ref);
    for (let i = 0; i < 100; i++) {
      res = await scorecards('?sort=name');
      if (typeof rowOf(DB)?.score === 'number') break;
      await new Promise(r => setTimeout(r, 100));
    }
    expect(res.status).toBe(200);
    expect(openApiProblems('GET', '/scorecards', 200, res.body)).toEqual([]);
    const row = rowOf(DB);
    expect(row.trend.map((p: any) => p.score)).toEqual([60, 80, row.score]);
    // The same days as the parity history of the entity page, scored days only.
    const parity = await request(server)
      .get('/api/platform-kit/entities/resource/default/trend-db/parity')
      .set('Authorization', user());
    expect(row.trend).toEqual(
      parity.body.history.filter((p: any) => p.score !== null),
    );
    expect(row.trend[0].day < row.trend[1].day).toBe(true);
    expect(row.trend.every((p: any) => /^\d{4}-\d{2}-\d{2}$/.test(p.day))).toBe(
      true,
    );
    // Never scanned: no points at all.
    expect(rowOf(QUIET)).toMatchObject({ score: null, trend: [] });
  });

  it('keeps trends in the cached answer until something changes', async () => {
    const first = await scorecards('?sort=name');
    const again = await scorecards('?sort=name');
    expect(again.body).toEqual(first.body);

    expect((await scanAndWait(server, QUIET)).status).toBe('succeeded');
    // A scan changes ops.entities: the next answer carries the new point.
    const res = await scorecards('?sort=name');
    const quiet = res.body.items.find((r: any) => r.entityRef === QUIET);
    expect(quiet.score).not.toBeNull();
    expect(quiet.trend).toEqual([
      { day: expect.any(String), score: quiet.score },
    ]);
  });

  it('leaves trends out of roll-ups', async () => {
    const res = await scorecards('?groupBy=owner');
    expect(res.status).toBe(200);
    expect(openApiProblems('GET', '/scorecards', 200, res.body)).toEqual([]);
    expect(res.body.items.every((g: any) => !('trend' in g))).toBe(true);
  });
});
