/** Score buckets of the distribution chart, in display order. */
export const SCORE_BUCKETS = [
  '0-19',
  '20-39',
  '40-59',
  '60-79',
  '80-100',
  'not evaluated',
] as const;

export type ScoreBucket = (typeof SCORE_BUCKETS)[number];

export interface BucketCount {
  bucket: ScoreBucket;
  count: number;
}

/** Which bucket a score falls in (null: not evaluated; 100 belongs to 80-100). */
export function bucketOf(score: number | null): ScoreBucket {
  if (score === null || !Number.isFinite(score)) return 'not evaluated';
  const index = Math.min(4, Math.max(0, Math.floor(score / 20)));
  return SCORE_BUCKETS[index];
}

/** Counts per bucket, every bucket present (zero when empty). */
export function scoreDistribution(scores: (number | null)[]): BucketCount[] {
  const counts = new Map<ScoreBucket, number>(SCORE_BUCKETS.map(b => [b, 0]));
  for (const score of scores) {
    const bucket = bucketOf(score);
    counts.set(bucket, (counts.get(bucket) ?? 0) + 1);
  }
  return SCORE_BUCKETS.map(bucket => ({
    bucket,
    count: counts.get(bucket) ?? 0,
  }));
}

/** A sentence describing the distribution, for screen readers and as a caption. */
export function describeDistribution(counts: BucketCount[]): string {
  const total = counts.reduce((sum, c) => sum + c.count, 0);
  const parts = counts.map(c => `${c.bucket}: ${c.count}`);
  return `${total} ${
    total === 1 ? 'entity' : 'entities'
  } by score. ${parts.join(', ')}.`;
}
