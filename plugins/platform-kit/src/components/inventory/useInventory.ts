import { useCallback, useEffect, useRef, useState } from 'react';
import useAsync from 'react-use/esm/useAsync';
import { PlatformKitApi } from '../../api/PlatformKitApi';
import {
  InventoryPage,
  InventoryResponse,
} from '@platform-kit/plugin-platform-kit-common';
import { errorMessage } from '../../api/errors';
import {
  ColumnItem,
  IndexItem,
  PolicyItem,
  RelationItem,
  SchemaItem,
  TableDetails,
  tableKey,
} from './treeRows';

/** The API pages by at most this many items. */
export const MAX_PAGE_SIZE = 500;
/** More tables than this are not loaded; a search narrows them. */
export const MAX_TABLES = 20_000;

type Page = InventoryPage;
/** The snapshot of a target without a database: repository facts, pushed results or a connector's items. */
export type FactsResponse = Exclude<InventoryResponse, InventoryPage>;

export const isFacts = (res: InventoryResponse): res is FactsResponse =>
  typeof (res as { kind?: unknown }).kind === 'string';

export const pageLimit = (pageSize: number) =>
  Math.max(1, Math.min(Math.floor(pageSize), MAX_PAGE_SIZE));

export interface RelationsState {
  loading: boolean;
  error?: Error;
  relations: RelationItem[];
  /** Matching tables on the server (may be more than loaded, see MAX_TABLES). */
  total: number;
  capturedAt?: string;
  /** Set when the entity has facts (or a connector's items) instead of a database inventory. */
  facts?: FactsResponse;
  /** The entity has a database inventory (known from the first page on). */
  database?: boolean;
}

/**
 * Every table and view matching `q` (pages fetched in parallel), so that
 * schemas can be counted and filtered without further requests.
 */
export function useRelations(
  api: PlatformKitApi,
  entityRef: string,
  q: string,
  pageSize: number,
): RelationsState {
  const [state, setState] = useState<RelationsState>({
    loading: true,
    relations: [],
    total: 0,
  });

  useEffect(() => {
    let cancelled = false;
    setState(prev => ({ ...prev, loading: true, error: undefined }));
    const database = () =>
      setState(prev => (prev.database ? prev : { ...prev, database: true }));
    const limit = pageLimit(pageSize);
    const query = { section: 'relations' as const, q: q || undefined, limit };
    (async () => {
      const first = await api.getInventory(entityRef, { ...query, offset: 0 });
      if (cancelled) return;
      if (isFacts(first)) {
        setState({ loading: false, relations: [], total: 0, facts: first });
        return;
      }
      const page = first as Page;
      database();
      const step = page.items.length;
      const wanted = Math.min(page.total, MAX_TABLES);
      const offsets: number[] = [];
      for (let offset = step; step > 0 && offset < wanted; offset += step)
        offsets.push(offset);
      const rest = await Promise.all(
        offsets.map(offset =>
          api.getInventory(entityRef, {
            ...query,
            offset,
            limit: Math.min(step, wanted - offset),
          }),
        ),
      );
      if (cancelled) return;
      const items = [page, ...(rest as Page[])].flatMap(p => p.items ?? []);
      setState({
        loading: false,
        relations: items as RelationItem[],
        total: page.total,
        capturedAt: page.capturedAt,
        database: true,
      });
    })().catch(error => {
      if (!cancelled)
        setState(prev => ({ ...prev, loading: false, error: error as Error }));
    });
    return () => {
      cancelled = true;
    };
  }, [api, entityRef, q, pageSize]);

  return state;
}

/**
 * The schemas of the inventory; empty when they cannot be read (the tables
 * still tell). Loading until `enabled`.
 */
export function useSchemas(
  api: PlatformKitApi,
  entityRef: string,
  enabled = true,
) {
  const state = useAsync(async (): Promise<SchemaItem[] | undefined> => {
    if (!enabled) return undefined;
    try {
      const res = await api.getInventory(entityRef, {
        section: 'schemas',
        limit: MAX_PAGE_SIZE,
      });
      return isFacts(res) ? [] : ((res as Page).items as SchemaItem[]);
    } catch {
      return [];
    }
  }, [api, entityRef, enabled]);
  // Once enabled, the answer is always a list: undefined means not loaded yet.
  const value = enabled ? state.value : undefined;
  return { loading: state.loading || value === undefined, value };
}

/** Columns, policies and indexes of tables, loaded when asked for (when a table is expanded). */
export function useTableDetails(api: PlatformKitApi, entityRef: string) {
  const [details, setDetails] = useState<Map<string, TableDetails>>(
    () => new Map(),
  );
  const generation = useRef(0);

  useEffect(() => {
    generation.current++;
    setDetails(new Map());
  }, [api, entityRef]);

  const load = useCallback(
    async (relation: RelationItem) => {
      const key = tableKey(relation.schema, relation.name);
      const current = generation.current;
      const set = (value: TableDetails) =>
        setDetails(prev => new Map(prev).set(key, value));
      set({ status: 'loading' });
      const section = async (name: 'columns' | 'policies' | 'indexes') => {
        const res = await api.getInventory(entityRef, {
          section: name,
          schema: relation.schema,
          table: relation.name,
          limit: MAX_PAGE_SIZE,
        });
        const items = isFacts(res) ? [] : (res as Page).items;
        // Only this table's items, also from a server that does not filter by table.
        return items.filter(
          item =>
            item.table === relation.name &&
            (item.schema ?? relation.schema) === relation.schema,
        );
      };
      try {
        const [columns, policies, indexes] = await Promise.all([
          section('columns'),
          section('policies'),
          section('indexes'),
        ]);
        if (current !== generation.current) return;
        set({
          status: 'loaded',
          columns: (columns as ColumnItem[]).sort(
            (a, b) => (a.position ?? 0) - (b.position ?? 0),
          ),
          policies: policies as PolicyItem[],
          indexes: indexes as IndexItem[],
        });
      } catch (error) {
        if (current !== generation.current) return;
        set({ status: 'error', message: errorMessage(error) });
      }
    },
    [api, entityRef],
  );

  return { details, load };
}
