import { paginatePages } from '@platform-kit/connector-sdk';
import { z } from 'zod';
import { OdooProtocolError } from '../client/errors';
import { OdooApi, OdooDomain } from '../client/OdooApi';

/**
 * A list that paging did not return completely and exactly once.
 *
 * @public
 */
export class OdooPagingError extends Error {
  override readonly name = 'OdooPagingError';
}

/** The records of one model, with the count that checked them. */
export interface CollectedRecords<T> {
  records: T[];
  searchCount: number;
  pages: number;
}

/**
 * Reads every record of `model` matching `domain`: `search_count`, then
 * `search_read` pages of `pageSize` ordered by id until a short page or the
 * count is reached. Complete or an error: the records must match the count
 * and their ids must be unique.
 */
export async function collectRecords<T extends { id: number }>(
  api: OdooApi,
  model: string,
  domain: OdooDomain,
  fields: string[],
  schema: z.ZodType<T>,
  pageSize: number,
): Promise<CollectedRecords<T>> {
  const searchCount = await api.searchCount(model, domain);
  let pages = 0;
  const raw = await paginatePages(
    async page => {
      pages++;
      const items = await api.searchRead(model, domain, {
        fields,
        limit: pageSize,
        offset: page * pageSize,
        order: 'id',
      });
      return { items, total: searchCount };
    },
    { pageSize, maxPages: Math.ceil(searchCount / pageSize) + 2 },
  );
  const records = raw.map(record => {
    const parsed = schema.safeParse(record);
    if (!parsed.success) {
      const id = (record as { id?: unknown })?.id;
      throw new OdooProtocolError(
        `${model} record ${JSON.stringify(
          id,
        )} does not have the documented fields: ${parsed.error.issues
          .map(i => `${i.path.join('.')}: ${i.message}`)
          .join('; ')}`,
      );
    }
    return parsed.data;
  });
  const distinct = new Set(records.map(r => r.id)).size;
  if (records.length !== searchCount || distinct !== records.length) {
    throw new OdooPagingError(
      `${model}: search_count said ${searchCount} but ${pages} search_read pages returned ${records.length} records with ${distinct} distinct ids; the data changed during the run or the server does not page by offset`,
    );
  }
  return { records, searchCount, pages };
}
