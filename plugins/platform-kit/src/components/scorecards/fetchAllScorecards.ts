import { PlatformKitApi } from '../../api/PlatformKitApi';
import { ScorecardQuery } from '../../api/types';

/** The API's largest page. */
const PAGE_LIMIT = 500;

/**
 * Every row of a scorecard query, page by page, up to `max` rows.
 * `truncated` says the server had more than was fetched.
 */
export async function fetchAllScorecards<T>(
  api: Pick<PlatformKitApi, 'getScorecards'>,
  query: Omit<ScorecardQuery, 'offset' | 'limit'>,
  max = 10_000,
): Promise<{ items: T[]; total: number; truncated: boolean }> {
  const items: T[] = [];
  let total = 0;
  for (;;) {
    const limit = Math.min(PAGE_LIMIT, max - items.length);
    if (limit <= 0) break;
    const page = await api.getScorecards({
      ...query,
      offset: items.length,
      limit,
    });
    total = page.total;
    items.push(...(page.items as T[]));
    if (page.items.length === 0 || items.length >= total) break;
  }
  return { items, total, truncated: total > items.length };
}
