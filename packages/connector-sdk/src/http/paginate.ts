/** Default upper bound on pages, so that a misbehaving source cannot loop forever. */
const DEFAULT_MAX_PAGES = 1000;

/**
 * One page of a cursor-paged list.
 *
 * @public
 */
export interface CursorPage<T> {
  items: T[];
  /** The cursor of the next page; `null`, `undefined` or `''` on the last page. */
  nextCursor?: string | null;
}

/**
 * One page of a numbered list.
 *
 * @public
 */
export interface NumberedPage<T> {
  items: T[];
  /** How many items the whole list holds, when the source says. */
  total?: number;
}

/**
 * Options of {@link paginateCursor}.
 *
 * @public
 */
export interface PaginateCursorOptions {
  /** Give up (throw) rather than fetch more pages than this; default 1000. */
  maxPages?: number;
}

/**
 * Options of {@link paginatePages}.
 *
 * @public
 */
export interface PaginatePagesOptions {
  /** The page size asked for; a shorter page is the last one. */
  pageSize: number;
  /** Give up (throw) rather than fetch more pages than this; default 1000. */
  maxPages?: number;
  /** Number of the first page: 0 (default, e.g. Superset) or 1. */
  firstPage?: number;
}

/**
 * A source paged in a way that would give an incomplete or endless list.
 *
 * @public
 */
export class PaginationError extends Error {
  override readonly name = 'PaginationError';
  /** Pages fetched before giving up. */
  readonly pages: number;
  /** Items collected before giving up (they are not returned). */
  readonly items: number;

  constructor(message: string, pages: number, items: number) {
    super(message);
    this.pages = pages;
    this.items = items;
  }
}

function checkMaxPages(value: number | undefined): number {
  const maxPages = value ?? DEFAULT_MAX_PAGES;
  if (!Number.isInteger(maxPages) || maxPages < 1) {
    throw new TypeError('maxPages must be a positive integer');
  }
  return maxPages;
}

function checkItems(items: unknown, page: number, collected: number) {
  if (!Array.isArray(items)) {
    throw new PaginationError(
      `page ${page} has no items array`,
      page,
      collected,
    );
  }
}

/**
 * Collects every item of a cursor-paged list: calls `fetchPage(undefined)`,
 * then `fetchPage(nextCursor)` until a page has no next cursor. The result is
 * complete or an error, never partial.
 *
 * @throws {@link PaginationError} when the source repeats a cursor (it would
 * loop forever), when more than `maxPages` pages would be needed, or when a
 * page has no `items` array. Errors of `fetchPage` propagate unchanged.
 *
 * @example
 * ```ts
 * const workflows = await paginateCursor(async cursor => {
 *   const page = await http.get<{ data: Workflow[]; nextCursor: string | null }>(
 *     '/api/v1/workflows', { query: { limit: 250, cursor } });
 *   return { items: page.data, nextCursor: page.nextCursor };
 * });
 * ```
 *
 * @public
 */
export async function paginateCursor<T>(
  fetchPage: (cursor: string | undefined) => Promise<CursorPage<T>>,
  options: PaginateCursorOptions = {},
): Promise<T[]> {
  const maxPages = checkMaxPages(options.maxPages);
  const all: T[] = [];
  const seen = new Set<string>();
  let cursor: string | undefined;
  for (let page = 1; ; page++) {
    const result = await fetchPage(cursor);
    checkItems(result?.items, page, all.length);
    all.push(...result.items);
    const next = result.nextCursor;
    if (next === null || next === undefined || next === '') return all;
    if (seen.has(next) || next === cursor) {
      throw new PaginationError(
        `the source returned a cursor it had already returned, after page ${page} (${all.length} items): paging would never end`,
        page,
        all.length,
      );
    }
    if (page >= maxPages) {
      throw new PaginationError(
        `more than ${maxPages} pages (maxPages); ${all.length} items so far`,
        page,
        all.length,
      );
    }
    seen.add(next);
    cursor = next;
  }
}

/**
 * Collects every item of a page-numbered list: calls `fetchPage(firstPage)`,
 * `fetchPage(firstPage + 1)`, ... and stops after a page shorter than
 * `pageSize` (also an empty one) or once `total` items are collected. A
 * list whose length is an exact multiple of `pageSize` and that reports no
 * `total` ends with one extra, empty page.
 *
 * @throws {@link PaginationError} when more than `maxPages` pages would be
 * needed or a page has no `items` array; TypeError for an invalid
 * `pageSize`. Errors of `fetchPage` propagate unchanged.
 *
 * @public
 */
export async function paginatePages<T>(
  fetchPage: (page: number) => Promise<NumberedPage<T>>,
  options: PaginatePagesOptions,
): Promise<T[]> {
  const { pageSize } = options;
  if (!Number.isInteger(pageSize) || pageSize < 1) {
    throw new TypeError('pageSize must be a positive integer');
  }
  const maxPages = checkMaxPages(options.maxPages);
  const first = options.firstPage ?? 0;
  const all: T[] = [];
  for (let count = 1; ; count++) {
    const result = await fetchPage(first + count - 1);
    checkItems(result?.items, count, all.length);
    all.push(...result.items);
    const total = result.total;
    if (typeof total === 'number' && all.length >= total) return all;
    if (result.items.length < pageSize) return all;
    if (count >= maxPages) {
      throw new PaginationError(
        `more than ${maxPages} pages (maxPages); ${all.length} items so far`,
        count,
        all.length,
      );
    }
  }
}
