import { Knex } from 'knex';
import { ScorecardCache } from '../store/scorecardCache';
import { queryScorecards, ScorecardQuery } from '../store/scorecards';

export type ScorecardRequest = Omit<ScorecardQuery, 'projectId' | 'visible'>;

/** Scorecards rolled up over what the caller may see, cached until the entities change. */
export class ScorecardService {
  private readonly cache?: ScorecardCache;

  constructor(
    private readonly knex: Knex,
    private readonly projectId: string,
    options: { cache: boolean },
  ) {
    this.cache = options.cache ? new ScorecardCache(knex) : undefined;
  }

  async query(request: ScorecardRequest, visible: Set<string> | 'all') {
    const query: ScorecardQuery = {
      ...request,
      projectId: this.projectId,
      visible: visible === 'all' ? undefined : [...visible].sort(),
    };
    // Trends cover the last 90 days: an answer is cached for its day at most.
    const today = new Date().toISOString().slice(0, 10);
    const { items, total } = this.cache
      ? await this.cache.get(ScorecardCache.keyOf({ ...query, today }), () =>
          queryScorecards(this.knex, query),
        )
      : await queryScorecards(this.knex, query);
    return {
      groupBy: request.groupBy,
      total,
      offset: request.offset,
      limit: request.limit,
      items,
    };
  }
}
