import { summarize } from './summary';

describe('summarize', () => {
  it('counts entities, evaluated and failing ones and averages the scores', () => {
    expect(
      summarize(
        [
          { score: 40, failingCapabilities: ['rls'] },
          { score: 81, failingCapabilities: [] },
          { score: null, failingCapabilities: [] },
        ],
        3,
      ),
    ).toEqual({ entities: 3, evaluated: 2, averageScore: 60.5, failing: 1 });
  });

  it('has no average without scores', () => {
    expect(summarize([], 0)).toEqual({
      entities: 0,
      evaluated: 0,
      averageScore: null,
      failing: 0,
    });
  });
});
