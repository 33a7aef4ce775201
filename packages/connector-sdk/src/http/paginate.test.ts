import { PaginationError, paginateCursor, paginatePages } from './paginate';

function cursorSource(
  pages: Array<{ items: number[]; nextCursor?: string | null }>,
) {
  const calls: Array<string | undefined> = [];
  const fetchPage = async (cursor: string | undefined) => {
    calls.push(cursor);
    return pages[calls.length - 1];
  };
  return { calls, fetchPage };
}

describe('paginateCursor', () => {
  it('follows cursors until there is none', async () => {
    const source = cursorSource([
      { items: [1, 2], nextCursor: 'c2' },
      { items: [3], nextCursor: 'c3' },
      { items: [4], nextCursor: null },
    ]);
    await expect(paginateCursor(source.fetchPage)).resolves.toEqual([
      1, 2, 3, 4,
    ]);
    expect(source.calls).toEqual([undefined, 'c2', 'c3']);
  });

  it('returns nothing for an empty first page', async () => {
    const source = cursorSource([{ items: [] }]);
    await expect(paginateCursor(source.fetchPage)).resolves.toEqual([]);
    expect(source.calls).toEqual([undefined]);
  });

  it('treats an empty-string cursor as the end', async () => {
    const source = cursorSource([{ items: [1], nextCursor: '' }]);
    await expect(paginateCursor(source.fetchPage)).resolves.toEqual([1]);
  });

  it('throws on a repeated cursor instead of looping', async () => {
    const source = cursorSource([
      { items: [1], nextCursor: 'a' },
      { items: [2], nextCursor: 'b' },
      { items: [3], nextCursor: 'a' },
    ]);
    const error = await paginateCursor(source.fetchPage).catch(e => e);
    expect(error).toBeInstanceOf(PaginationError);
    expect(error.message).toBe(
      'the source returned a cursor it had already returned, after page 3 (3 items): paging would never end',
    );
    expect(error.pages).toBe(3);
    expect(source.calls).toHaveLength(3);
  });

  it('throws when more than maxPages pages would be needed', async () => {
    let n = 0;
    const error = await paginateCursor(
      async () => ({ items: [n], nextCursor: `c${++n}` }),
      { maxPages: 5 },
    ).catch(e => e);
    expect(error).toBeInstanceOf(PaginationError);
    expect(error.message).toBe('more than 5 pages (maxPages); 5 items so far');
    expect(n).toBe(5);
  });

  it('rejects a page without an items array and a bad maxPages', async () => {
    await expect(paginateCursor(async () => ({} as any))).rejects.toThrow(
      'page 1 has no items array',
    );
    await expect(
      paginateCursor(async () => ({ items: [] }), { maxPages: 0 }),
    ).rejects.toThrow('maxPages must be a positive integer');
  });

  it('passes errors of fetchPage through', async () => {
    await expect(
      paginateCursor(async () => {
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
  });
});

function numberedSource(
  size: number,
  pageSize: number,
  withTotal: boolean,
  firstPage = 0,
) {
  const calls: number[] = [];
  const fetchPage = async (page: number) => {
    calls.push(page);
    const start = (page - firstPage) * pageSize;
    const items = Array.from(
      { length: Math.max(0, Math.min(pageSize, size - start)) },
      (_, i) => start + i,
    );
    return withTotal ? { items, total: size } : { items };
  };
  return { calls, fetchPage };
}

describe('paginatePages', () => {
  it('stops after a short page', async () => {
    const source = numberedSource(5, 2, false);
    await expect(
      paginatePages(source.fetchPage, { pageSize: 2 }),
    ).resolves.toEqual([0, 1, 2, 3, 4]);
    expect(source.calls).toEqual([0, 1, 2]);
  });

  it('fetches one empty page more when the size is an exact multiple and there is no total', async () => {
    const source = numberedSource(4, 2, false);
    await expect(
      paginatePages(source.fetchPage, { pageSize: 2 }),
    ).resolves.toEqual([0, 1, 2, 3]);
    expect(source.calls).toEqual([0, 1, 2]);
  });

  it('stops as soon as total is reached (no extra request)', async () => {
    const source = numberedSource(4, 2, true);
    await expect(
      paginatePages(source.fetchPage, { pageSize: 2 }),
    ).resolves.toEqual([0, 1, 2, 3]);
    expect(source.calls).toEqual([0, 1]);
  });

  it('returns nothing for an empty first page (total 0)', async () => {
    const source = numberedSource(0, 10, true);
    await expect(
      paginatePages(source.fetchPage, { pageSize: 10 }),
    ).resolves.toEqual([]);
    expect(source.calls).toEqual([0]);
  });

  it('starts at firstPage', async () => {
    const source = numberedSource(3, 2, false, 1);
    await expect(
      paginatePages(source.fetchPage, { pageSize: 2, firstPage: 1 }),
    ).resolves.toEqual([0, 1, 2]);
    expect(source.calls).toEqual([1, 2]);
  });

  it('throws when more than maxPages pages would be needed', async () => {
    const source = numberedSource(100, 10, false);
    await expect(
      paginatePages(source.fetchPage, { pageSize: 10, maxPages: 3 }),
    ).rejects.toThrow('more than 3 pages (maxPages); 30 items so far');
  });

  it('rejects a bad pageSize and a page without items', async () => {
    await expect(
      paginatePages(async () => ({ items: [] }), { pageSize: 0 }),
    ).rejects.toThrow('pageSize must be a positive integer');
    await expect(
      paginatePages(async () => ({ items: null } as any), { pageSize: 1 }),
    ).rejects.toThrow(PaginationError);
  });
});
