import { OdooApi } from '../client/OdooApi';
import { collectRecords } from './collectRecords';
import { MODEL_FIELDS, modelRecordSchema } from './records';

function apiWith(records: Record<string, unknown>[]): OdooApi {
  return {
    protocol: 'xmlrpc',
    authenticate: async () => ({}),
    searchCount: async () => records.length,
    searchRead: async (_model, _domain, { offset, limit }) =>
      records.slice(offset, offset + limit),
  };
}

describe('collectRecords', () => {
  it('names the model and record id when a record lacks documented fields', async () => {
    const api = apiWith([
      {
        id: 1,
        model: 'res.partner',
        name: 'Contact',
        modules: 'base',
        transient: false,
        state: 'base',
      },
      {
        id: 2,
        model: 'res.users',
        name: 'User',
        modules: 'base',
        state: 'base',
      },
    ]);
    await expect(
      collectRecords(api, 'ir.model', [], MODEL_FIELDS, modelRecordSchema, 10),
    ).rejects.toThrow(
      /ir.model record 2 does not have the documented fields: transient: /,
    );
  });

  it('refuses a list that shrank between search_count and search_read', async () => {
    const records = [1, 2].map(id => ({
      id,
      model: `m${id}`,
      name: 'M',
      modules: false,
      transient: false,
      state: 'base',
    }));
    const api = { ...apiWith(records), searchCount: async () => 3 };
    await expect(
      collectRecords(api, 'ir.model', [], MODEL_FIELDS, modelRecordSchema, 2),
    ).rejects.toThrow(
      /search_count said 3 but 2 search_read pages returned 2 records with 2 distinct ids/,
    );
  });
});
