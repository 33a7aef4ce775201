import { Knex } from 'knex';
import { ScorecardCache } from './scorecardCache';

/** A store whose version counter the test moves by hand. */
function store() {
  const state = { version: 1 };
  const knex = {
    raw: async () => ({ rows: [{ version: state.version }] }),
  } as unknown as Knex;
  return { knex, state };
}

describe('ScorecardCache', () => {
  it('computes once per version, and again after the counter moves', async () => {
    const { knex, state } = store();
    const cache = new ScorecardCache(knex);
    let computed = 0;
    const compute = async () => ++computed;
    expect(await cache.get('k', compute)).toBe(1);
    expect(await cache.get('k', compute)).toBe(1);
    state.version++;
    expect(await cache.get('k', compute)).toBe(2);
  });

  it('shares one computation between identical concurrent requests', async () => {
    const { knex } = store();
    const cache = new ScorecardCache(knex);
    let computed = 0;
    const slow = () =>
      new Promise<number>(resolve => setTimeout(() => resolve(++computed), 20));
    const answers = await Promise.all(
      Array.from({ length: 10 }, () => cache.get('k', slow)),
    );
    expect(answers).toEqual(Array(10).fill(1));
    expect(computed).toBe(1);
  });

  it('keeps at most its limit of answers, dropping the least recently used', async () => {
    const { knex } = store();
    const cache = new ScorecardCache(knex, 2);
    let computed = 0;
    const compute = async () => ++computed;
    await cache.get('a', compute); // 1
    await cache.get('b', compute); // 2
    await cache.get('a', compute); // hit: a is now the most recent
    await cache.get('c', compute); // 3, drops b
    expect(await cache.get('a', compute)).toBe(1);
    expect(await cache.get('b', compute)).toBe(4);
  });

  it('does not keep a failed computation', async () => {
    const { knex } = store();
    const cache = new ScorecardCache(knex);
    await expect(
      cache.get('k', async () => {
        throw new Error('store down');
      }),
    ).rejects.toThrow('store down');
    expect(await cache.get('k', async () => 'ok')).toBe('ok');
  });

  it('keys queries by their content', () => {
    expect(ScorecardCache.keyOf({ a: 1 })).toBe(ScorecardCache.keyOf({ a: 1 }));
    expect(ScorecardCache.keyOf({ a: 1 })).not.toBe(
      ScorecardCache.keyOf({ a: 2 }),
    );
  });
});
