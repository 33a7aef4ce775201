import { ConnectorItem } from '../../api/types';
import {
  DETAIL_HEADING,
  DETAIL_LINE,
  DETAIL_PADDING,
  detailsHeight,
  indexItems,
  ingestedSource,
  isConnectorInventory,
  resolveRelations,
  searchItems,
  typeLabel,
} from './connectorItems';

const item = (partial: Partial<ConnectorItem> & { id: string }) =>
  ({
    type: 'dashboard',
    name: partial.id,
    tags: [],
    relations: [],
    attributes: {},
    ...partial,
  } as ConnectorItem);

describe('connector items', () => {
  it('names types in the plural', () => {
    expect(typeLabel('dashboard')).toBe('Dashboards');
    expect(typeLabel('data-source')).toBe('Data sources');
    expect(typeLabel('query')).toBe('Queries');
    expect(typeLabel('ir_model', 1)).toBe('Ir model');
    expect(typeLabel('box')).toBe('Boxes');
  });

  it('searches every word in name, title, owner and tags, counting per type', () => {
    const index = indexItems([
      item({ id: 'a', title: 'Sales KPIs', owner: 'bi-team', tags: ['q4'] }),
      item({ id: 'b', type: 'chart', title: 'Sales by region', tags: [] }),
      item({ id: 'c', type: 'chart', name: 'churn', owner: 'bi-team' }),
    ]);
    expect(index.types).toEqual([
      { type: 'chart', count: 2 },
      { type: 'dashboard', count: 1 },
    ]);
    const sales = searchItems(index, 'SALES', '');
    expect(sales.items.map(i => i.id)).toEqual(['b', 'a']);
    expect(Object.fromEntries(sales.counts)).toEqual({
      chart: 1,
      dashboard: 1,
    });
    expect(searchItems(index, 'bi-team q4', '').items.map(i => i.id)).toEqual([
      'a',
    ]);
    expect(searchItems(index, '', 'chart').items.map(i => i.id)).toEqual([
      'c',
      'b',
    ]);
    expect(searchItems(index, '', 'chart').matching).toBe(3);
  });

  it('resolves relations to names, entity refs and missing items', () => {
    const target = item({ id: 't', title: 'Orders' });
    const source = item({
      id: 's',
      relations: [
        { type: 'dependsOn', itemId: 't' },
        { type: 'partOf', entityRef: 'system:default/shop' },
        { type: 'dependsOn', itemId: 'x' },
      ],
    });
    expect(
      resolveRelations(source, new Map([['t', target]])).map(r => r.target),
    ).toEqual(['Orders', 'system:default/shop', 'item x']);
  });

  it('sizes expanded rows from their lines', () => {
    expect(
      detailsHeight(
        item({
          id: 'a',
          description: 'd',
          attributes: { a: 1, b: 2 },
          relations: [],
        }),
      ),
    ).toBe(DETAIL_PADDING + DETAIL_LINE + 2 * DETAIL_HEADING + 3 * DETAIL_LINE);
  });

  it('recognises connector responses and ingested entities', () => {
    expect(isConnectorInventory({ kind: 'connector' })).toBe(true);
    expect(isConnectorInventory({ kind: 'repository' })).toBe(false);
    expect(isConnectorInventory(null)).toBe(false);
    expect(
      ingestedSource({
        'platform-kit.dev/connector': 'odoo',
        'platform-kit.dev/source-id': '7',
      }),
    ).toEqual({ connectorId: 'odoo', sourceId: '7', sourceType: undefined });
    expect(
      ingestedSource({ 'platform-kit.dev/connector': 'odoo' }),
    ).toBeUndefined();
    expect(ingestedSource(undefined)).toBeUndefined();
  });
});
