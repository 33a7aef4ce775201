import {
  bucketOf,
  describeDistribution,
  scoreDistribution,
} from './distribution';

describe('score distribution', () => {
  it('puts scores in 20-point buckets, 100 in the last, null apart', () => {
    expect(bucketOf(0)).toBe('0-19');
    expect(bucketOf(19.9)).toBe('0-19');
    expect(bucketOf(20)).toBe('20-39');
    expect(bucketOf(79)).toBe('60-79');
    expect(bucketOf(80)).toBe('80-100');
    expect(bucketOf(100)).toBe('80-100');
    expect(bucketOf(null)).toBe('not evaluated');
  });

  it('counts every bucket and describes the result', () => {
    const counts = scoreDistribution([5, 25, 26, 100, null]);
    expect(counts).toEqual([
      { bucket: '0-19', count: 1 },
      { bucket: '20-39', count: 2 },
      { bucket: '40-59', count: 0 },
      { bucket: '60-79', count: 0 },
      { bucket: '80-100', count: 1 },
      { bucket: 'not evaluated', count: 1 },
    ]);
    expect(describeDistribution(counts)).toBe(
      '5 entities by score. 0-19: 1, 20-39: 2, 40-59: 0, 60-79: 0, 80-100: 1, not evaluated: 1.',
    );
  });
});
