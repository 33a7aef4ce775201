import { z } from 'zod';
import { encodeRison } from '../rison';
import { SupersetSession } from './session';

/** The list endpoints the connector reads. */
export const SUPERSET_LISTS = {
  dashboards: '/api/v1/dashboard/',
  datasets: '/api/v1/dataset/',
  charts: '/api/v1/chart/',
} as const;

/** One of {@link SUPERSET_LISTS}. */
export type SupersetList = keyof typeof SUPERSET_LISTS;

const pageSchema = z.object({
  count: z.number().int().nonnegative(),
  result: z.array(z.looseObject({ id: z.number().int() })),
});

/** A whole list, as read page by page. */
export interface ListedRows {
  rows: Record<string, unknown>[];
  /** `count` as Superset reported it on the last page. */
  count: number;
  pages: number;
}

/**
 * Reads every page of a list (`q=(page:N,page_size:M)`, Superset's default
 * order) until `count` rows are read or a page comes back empty. The pages
 * are only complete when the ids are unique and as many as `count`;
 * otherwise (the list changed while paging, or the server pages wrongly)
 * this throws instead of returning a partial list.
 */
export async function listAll(
  session: SupersetSession,
  list: SupersetList,
  pageSize: number,
  maxPages = 10_000,
): Promise<ListedRows> {
  const rows: Record<string, unknown>[] = [];
  let count = 0;
  let pages = 0;
  for (let page = 0; ; page++) {
    if (page >= maxPages) {
      throw new Error(
        `Superset's ${list} list did not end after ${maxPages} pages`,
      );
    }
    const body = await session.get<unknown>(SUPERSET_LISTS[list], {
      query: { q: encodeRison({ page, page_size: pageSize }) },
    });
    const parsed = pageSchema.safeParse(body);
    if (!parsed.success) {
      throw new Error(
        `Superset's ${list} page ${page} is not a list answer (count and result with ids): ${parsed.error.issues
          .map(i => `${i.path.join('.')}: ${i.message}`)
          .slice(0, 3)
          .join('; ')}`,
      );
    }
    pages += 1;
    count = parsed.data.count;
    rows.push(...parsed.data.result);
    if (parsed.data.result.length === 0 || rows.length >= count) break;
  }
  const unique = new Set(rows.map(row => row.id)).size;
  if (unique !== rows.length || rows.length !== count) {
    throw new Error(
      `Superset's ${list} list is incomplete: read ${rows.length} rows (${unique} distinct ids) in ${pages} pages, but it reports ${count}; the list changed while paging or pages overlap`,
    );
  }
  return { rows, count, pages };
}
