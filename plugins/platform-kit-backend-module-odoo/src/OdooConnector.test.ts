import {
  ConnectorHttpError,
  connectorInventorySchema,
} from '@platform-kit/connector-sdk';
import {
  connectorFor,
  ormCalls,
  pagesOf,
  xmlRpcMethods,
} from './__testUtils__/connectorHarness';
import { OdooAuthError, OdooFaultError } from './client/errors';
import { OdooConnector } from './OdooConnector';
import {
  OdooStandIn,
  OdooStandInOptions,
  startOdooStandIn,
} from './testing/odooServer';
import { assertCleanRun } from './__testUtils__/assertCleanRun';
import { serializeFault, serializeMethodResponse } from './xmlrpc';

// paging 1234 records through the XML codec on both sides takes a few seconds
const LARGE_INVENTORY_TIMEOUT_MS = 30_000;

describe('OdooConnector', () => {
  let server: OdooStandIn | undefined;

  async function standIn(options: OdooStandInOptions = {}) {
    server = await startOdooStandIn(options);
    return server;
  }

  afterEach(async () => {
    if (server) {
      const { violations, problems } = server;
      await server.close();
      server = undefined;
      // our client never broke the documented contract, and the stand-in never answered off-contract
      assertCleanRun(violations, problems);
    }
  });

  describe('inventory over XML-RPC (Odoo 17)', () => {
    it(
      'reads 1234 installed modules in 3 pages of 500, skipping uninstalled ones',
      async () => {
        const odoo = await standIn({
          modules: 1234,
          uninstalledModules: 40,
          models: 3,
        });
        const inventory = await connectorFor(odoo).inventory();

        const modules = inventory.items.filter(i => i.type === 'module');
        expect(modules).toHaveLength(1234);
        expect(new Set(modules.map(m => m.id)).size).toBe(1234);
        expect(modules.every(m => m.attributes.state === 'installed')).toBe(
          true,
        );
        expect(pagesOf(odoo, 'ir.module.module')).toEqual([
          [0, 500],
          [500, 500],
          [1000, 500],
        ]);
        const calls = ormCalls(odoo);
        expect(calls.every(c => c.protocol === 'xmlrpc')).toBe(true);
        expect(
          calls.find(
            c => c.model === 'ir.module.module' && c.method === 'search_count',
          )?.kwargs.domain,
        ).toEqual([['state', '=', 'installed']]);
        expect(
          calls.find(c => c.method === 'search_read')?.kwargs,
        ).toMatchObject({
          order: 'id',
          fields: expect.arrayContaining([
            'name',
            'shortdesc',
            'latest_version',
            'author',
            'website',
            'application',
            'category_id',
          ]),
        });
        expect(xmlRpcMethods(odoo, 'common')).toEqual([
          'version',
          'authenticate',
        ]);
        expect(inventory.source).toEqual({ product: 'Odoo', version: '17.0' });
        expect(() => connectorInventorySchema.parse(inventory)).not.toThrow();
      },
      LARGE_INVENTORY_TIMEOUT_MS,
    );

    it(
      'stops after the count when the list is an exact multiple of the page size',
      async () => {
        const odoo = await standIn({
          modules: 1000,
          uninstalledModules: 0,
          models: 0,
        });
        const inventory = await connectorFor(odoo).inventory();
        expect(inventory.items).toHaveLength(1000);
        expect(pagesOf(odoo, 'ir.module.module')).toEqual([
          [0, 500],
          [500, 500],
        ]);
      },
      LARGE_INVENTORY_TIMEOUT_MS,
    );

    it('returns an empty inventory for zero modules and models with one page each', async () => {
      const odoo = await standIn({ modules: [], models: [] });
      const inventory = await connectorFor(odoo).inventory();
      expect(inventory.items).toEqual([]);
      expect(pagesOf(odoo, 'ir.module.module')).toEqual([[0, 500]]);
      expect(pagesOf(odoo, 'ir.model')).toEqual([[0, 500]]);
    });

    it('honours the configured page size', async () => {
      const odoo = await standIn({
        modules: 7,
        uninstalledModules: 0,
        models: 0,
      });
      await connectorFor(odoo, { pageSize: 3 }).inventory();
      expect(pagesOf(odoo, 'ir.module.module')).toEqual([
        [0, 3],
        [3, 3],
        [6, 3],
      ]);
    });

    it('maps modules with title, version, author, application flag and a link to the Apps list', async () => {
      const odoo = await standIn({
        modules: [
          {
            id: 7,
            name: 'sale',
            shortdesc: 'Sales',
            summary: 'From quotations to invoices',
            latest_version: '17.0.1.2',
            author: 'Odoo S.A.',
            website: 'https://www.odoo.com/app/sales',
            application: true,
            category_id: [3, 'Sales/Sales'],
            state: 'installed',
          },
          {
            id: 9,
            name: 'l10n_generic_coa',
            shortdesc: 'Generic Chart',
            summary: false,
            latest_version: '1.1',
            author: false,
            website: false,
            application: false,
            category_id: false,
            state: 'installed',
          },
        ],
        models: [],
      });
      const { items } = await connectorFor(odoo, {
        baseUrl: `${odoo.url}/`,
      }).inventory();
      expect(items[0]).toEqual({
        id: 'module:sale',
        type: 'module',
        name: 'sale',
        title: 'Sales',
        description: 'From quotations to invoices',
        owner: 'Odoo S.A.',
        tags: ['Sales/Sales', 'application'],
        url: `${odoo.url}/web#action=base.open_module_tree`,
        relations: [],
        attributes: {
          odooId: 7,
          version: '17.0.1.2',
          author: 'Odoo S.A.',
          website: 'https://www.odoo.com/app/sales',
          application: true,
          category: 'Sales/Sales',
          state: 'installed',
        },
      });
      expect(items[1]).toMatchObject({
        name: 'l10n_generic_coa',
        tags: [],
        attributes: {
          author: null,
          website: null,
          category: null,
          application: false,
        },
      });
      expect(items[1].owner).toBeUndefined();
      expect(items[1].description).toBeUndefined();
    });

    it('relates each model to the installed modules that define it', async () => {
      const odoo = await standIn({
        modules: [
          {
            id: 1,
            name: 'base',
            shortdesc: 'Base',
            summary: false,
            latest_version: '17.0.1.3',
            author: 'Odoo S.A.',
            website: false,
            application: false,
            category_id: false,
            state: 'installed',
          },
          {
            id: 2,
            name: 'sale',
            shortdesc: 'Sales',
            summary: false,
            latest_version: '17.0.1.2',
            author: 'Odoo S.A.',
            website: false,
            application: true,
            category_id: false,
            state: 'installed',
          },
          {
            id: 3,
            name: 'crm',
            shortdesc: 'CRM',
            summary: false,
            latest_version: false,
            author: 'Odoo S.A.',
            website: false,
            application: true,
            category_id: false,
            state: 'uninstalled',
          },
        ],
        models: [
          {
            id: 80,
            model: 'res.partner',
            name: 'Contact',
            modules: 'base, crm, sale',
            transient: false,
            state: 'base',
          },
          {
            id: 81,
            model: 'sale.advance.payment.inv',
            name: 'Sales Advance Payment Invoice',
            modules: 'sale',
            transient: true,
            state: 'base',
          },
          {
            id: 82,
            model: 'x_custom',
            name: 'Custom',
            modules: false,
            transient: false,
            state: 'manual',
          },
        ],
      });
      const { items } = await connectorFor(odoo).inventory();
      const partner = items.find(i => i.id === 'model:res.partner')!;
      expect(partner).toMatchObject({
        type: 'model',
        name: 'res.partner',
        title: 'Contact',
        url: `${odoo.url}/web#id=80&model=ir.model&view_type=form`,
        relations: [
          { type: 'partOf', itemId: 'module:base' },
          { type: 'partOf', itemId: 'module:sale' },
        ],
        attributes: {
          modules: ['base', 'crm', 'sale'],
          unresolvedModules: ['crm'],
          transient: false,
        },
      });
      expect(
        items.find(i => i.id === 'model:sale.advance.payment.inv'),
      ).toMatchObject({
        tags: ['transient'],
        relations: [{ type: 'partOf', itemId: 'module:sale' }],
      });
      expect(items.find(i => i.id === 'model:x_custom')).toMatchObject({
        relations: [],
        attributes: { modules: [], state: 'manual' },
      });
      // every relation points at an item of the same inventory
      const ids = new Set(items.map(i => i.id));
      for (const item of items) {
        for (const relation of item.relations ?? []) {
          expect(ids.has(relation.itemId!)).toBe(true);
        }
      }
    });
  });

  describe('protocol choice', () => {
    it(
      'uses JSON-2 for Odoo 19 with auto, with the bearer key and the database header',
      async () => {
        const odoo = await standIn({
          version: 19,
          modules: 1234,
          uninstalledModules: 5,
          models: 20,
        });
        const inventory = await connectorFor(odoo).inventory();
        expect(inventory.items.filter(i => i.type === 'module')).toHaveLength(
          1234,
        );
        expect(inventory.items.filter(i => i.type === 'model')).toHaveLength(
          20,
        );
        expect(inventory.source).toEqual({ product: 'Odoo', version: '19.0' });
        expect(odoo.requests.some(r => r.path.startsWith('/xmlrpc/'))).toBe(
          false,
        );
        const json2 = odoo.requests.filter(r => r.path.startsWith('/json/2/'));
        expect(json2.length).toBeGreaterThan(0);
        for (const request of json2) {
          expect(request.method).toBe('POST');
          expect(request.headers.authorization).toBe(`bearer ${odoo.apiKey}`);
          expect(request.headers['x-odoo-database']).toBe(odoo.database);
          expect(request.headers['content-type']).toMatch(/^application\/json/);
        }
        expect(pagesOf(odoo, 'ir.module.module')).toEqual([
          [0, 500],
          [500, 500],
          [1000, 500],
        ]);
        expect(
          ormCalls(odoo).find(c => c.method === 'search_read')?.kwargs,
        ).toEqual({
          domain: [['state', '=', 'installed']],
          fields: expect.any(Array),
          limit: 500,
          offset: 0,
          order: 'id',
        });
        expect(inventory.items[0].url).toBe(
          `${odoo.url}/odoo/action-base.open_module_tree`,
        );
      },
      LARGE_INVENTORY_TIMEOUT_MS,
    );

    it('uses XML-RPC with auto on Odoo 18, which has /web/version but no JSON-2', async () => {
      const odoo = await standIn({ version: 18, modules: 4, models: 2 });
      const inventory = await connectorFor(odoo).inventory();
      expect(inventory.items).toHaveLength(6);
      expect(ormCalls(odoo).every(c => c.protocol === 'xmlrpc')).toBe(true);
      // /web/version answered, so common.version() was not needed
      expect(xmlRpcMethods(odoo, 'common')).toEqual(['authenticate']);
    });

    it('falls back to common.version() where /web/version does not exist', async () => {
      const odoo = await standIn({
        version: 19,
        webVersion: false,
        modules: 2,
        models: 1,
      });
      await connectorFor(odoo).inventory();
      expect(xmlRpcMethods(odoo, 'common')).toEqual(['version']);
      expect(ormCalls(odoo).every(c => c.protocol === 'json2')).toBe(true);
    });

    it('uses XML-RPC on Odoo 19 when configured to', async () => {
      const odoo = await standIn({ version: 19, modules: 3, models: 1 });
      const inventory = await connectorFor(odoo, {
        protocol: 'xmlrpc',
      }).inventory();
      expect(inventory.items).toHaveLength(4);
      expect(ormCalls(odoo).every(c => c.protocol === 'xmlrpc')).toBe(true);
    });

    it('fails clearly when JSON-2 is forced on a server without it', async () => {
      const odoo = await standIn({ version: 17 });
      await expect(
        connectorFor(odoo, { protocol: 'json2' }).inventory(),
      ).rejects.toThrow(
        /\/json\/2\/ir\.module\.module\/search_count failed with 404/,
      );
    });
  });

  describe('errors', () => {
    it('says clearly that XML-RPC authentication failed, without the key', async () => {
      const odoo = await standIn();
      const wrongKey = 'wrong-key-0123456789abcdef';
      const error = await connectorFor(odoo, { apiKey: wrongKey })
        .inventory()
        .catch(e => e);
      expect(error).toBeInstanceOf(OdooAuthError);
      expect(error.message).toMatch(
        /refused login 'bot@example.com'.*database 'odoo'.*authenticate returned false/,
      );
      expect(error.message).not.toContain(wrongKey);
      expect(error.stack).not.toContain(wrongKey);
      expect(xmlRpcMethods(odoo, 'object')).toEqual([]);
    });

    it('says clearly that JSON-2 refused the key (401), without the key', async () => {
      const odoo = await standIn({ version: 19 });
      const wrongKey = 'wrong-key-0123456789abcdef';
      const error = await connectorFor(odoo, { apiKey: wrongKey })
        .inventory()
        .catch(e => e);
      expect(error).toBeInstanceOf(OdooAuthError);
      expect(error.message).toMatch(
        /refused the configured API key on database 'odoo' \(401/,
      );
      expect(error.message).not.toContain(wrongKey);
      expect(
        odoo.requests.filter(r => r.path.startsWith('/json/2/')),
      ).toHaveLength(1);
    });

    it('does not retry an XML-RPC fault', async () => {
      const odoo = await standIn();
      const error = await connectorFor(odoo, { database: 'no_such_db' })
        .inventory()
        .catch(e => e);
      expect(error).toBeInstanceOf(OdooFaultError);
      expect(error.message).toMatch(
        /common.authenticate with fault 1: .*database "no_such_db" does not exist/,
      );
      expect(xmlRpcMethods(odoo, 'common')).toEqual([
        'version',
        'authenticate',
      ]);
    });

    it('retries after a 429, waiting as long as Retry-After says', async () => {
      const odoo = await standIn({ modules: 5, models: 1 });
      odoo.failNext(1, {
        status: 429,
        retryAfter: 2,
        pathPrefix: '/xmlrpc/2/object',
      });
      const sleeps: number[] = [];
      const inventory = await connectorFor(odoo, {}, sleeps).inventory();
      expect(inventory.items).toHaveLength(6);
      expect(sleeps).toEqual([2000]);
      const counts = odoo.requests.filter(r => r.path === '/xmlrpc/2/object');
      // the first search_count was answered 429 and sent again
      expect(counts[0].body).toBe(counts[1].body);
    });

    it('gives up after the configured retries on 502/503, with a redacted error', async () => {
      const odoo = await standIn();
      odoo.failNext(2, { status: 502, pathPrefix: '/xmlrpc/2/object' });
      odoo.failNext(10, { status: 503, pathPrefix: '/xmlrpc/2/object' });
      const error = await connectorFor(odoo, { retries: 2 })
        .inventory()
        .catch(e => e);
      expect(error).toBeInstanceOf(ConnectorHttpError);
      expect(error.status).toBe(503);
      expect(error.attempts).toBe(3);
      expect(error.message).not.toContain(odoo.apiKey);
      expect(
        odoo.requests.filter(r => r.path === '/xmlrpc/2/object'),
      ).toHaveLength(3);
    });

    it('redacts the key from fault strings and error bodies that echo it', async () => {
      const apiKey = 'a1b2c3d4e5f6a7b8c9d0';
      const echoFault: typeof fetch = async (url, init) => {
        if (String(url).endsWith('/web/version'))
          return new Response('', { status: 404 });
        const body = String(init?.body);
        const xml = body.includes('<methodName>version</methodName>')
          ? serializeMethodResponse({
              server_version: '17.0',
              server_version_info: [17, 0, 0, 'final', 0, ''],
            })
          : serializeFault(1, `Traceback\nValueError: bad call ${body}`);
        return new Response(xml, {
          status: 200,
          headers: { 'content-type': 'text/xml' },
        });
      };
      const faulty = new OdooConnector(
        {
          id: 'o',
          baseUrl: 'http://odoo.invalid',
          database: 'db',
          login: 'bot',
          apiKey,
          protocol: 'xmlrpc',
        },
        { fetch: echoFault, sleep: async () => {} },
      );
      const fault = await faulty.inventory().catch(e => e);
      expect(fault).toBeInstanceOf(OdooFaultError);
      expect(fault.message).toMatch(
        /common.authenticate with fault 1: <methodCall>/,
      );
      expect(fault.message).toContain('[REDACTED]');
      expect(fault.message).not.toContain(apiKey);

      const echo500: typeof fetch = async (_url, init) =>
        new Response(`proxy error while sending ${String(init?.body)}`, {
          status: 500,
        });
      const failing = new OdooConnector(
        {
          id: 'o',
          baseUrl: 'http://odoo.invalid',
          database: 'db',
          login: 'bot',
          apiKey,
          protocol: 'xmlrpc',
          retries: 0,
        },
        { fetch: echo500, sleep: async () => {} },
      );
      const httpError = await failing.inventory().catch(e => e);
      expect(httpError).toBeInstanceOf(ConnectorHttpError);
      expect(httpError.message).not.toContain(apiKey);
    });

    it('refuses invalid options without repeating the key', () => {
      const connectorWith = (overrides: Record<string, unknown>) =>
        new OdooConnector({
          id: 'o',
          baseUrl: 'https://erp.example.com',
          database: 'd',
          login: 'bot',
          apiKey: 'k',
          ...overrides,
        });
      expect(() =>
        connectorWith({ baseUrl: 'not a url', database: '', pageSize: 0 }),
      ).toThrow(
        /Invalid Odoo connector options: baseUrl: .*database: .*pageSize: /,
      );
      let message = '';
      try {
        connectorWith({
          protocol: 'soap' as 'auto',
          apiKey: 'secret-key-value',
        });
      } catch (error) {
        message = String(error);
      }
      expect(message).toMatch(/protocol: /);
      expect(message).not.toContain('secret-key-value');
    });
  });

  describe('health', () => {
    it('is up when the version answers and the key is accepted', async () => {
      const odoo = await standIn();
      const health = await connectorFor(odoo).health();
      expect(health.status).toBe('up');
      expect(health.checks.map(c => [c.name, c.status])).toEqual([
        ['version', 'up'],
        ['auth', 'up'],
      ]);
      expect(health.checks[0].detail).toBe(
        'Odoo 17.0 (common.version), using xmlrpc',
      );
    });

    it('is up over JSON-2 on Odoo 19', async () => {
      const odoo = await standIn({ version: 19 });
      const health = await connectorFor(odoo).health();
      expect(health.status).toBe('up');
      expect(health.checks[1].detail).toMatch(/json2/);
    });

    it('is degraded when the key is refused', async () => {
      const odoo = await standIn({ version: 19 });
      const health = await connectorFor(odoo, {
        apiKey: 'not-the-key-000',
      }).health();
      expect(health.status).toBe('degraded');
      expect(health.checks[1]).toMatchObject({
        name: 'auth',
        status: 'degraded',
      });
      expect(health.checks[1].detail).toMatch(/refused/);
      expect(JSON.stringify(health)).not.toContain('not-the-key-000');
    });

    it('is degraded when the server answers but authenticated calls fail', async () => {
      const odoo = await standIn({ version: 19 });
      odoo.failNext(10, { status: 503, pathPrefix: '/json/2/' });
      const health = await connectorFor(odoo, { retries: 0 }).health();
      expect(health.status).toBe('degraded');
      expect(health.checks[1].detail).toMatch(/503/);
    });

    it('is down, without throwing, when nothing listens', async () => {
      const odoo = await standIn();
      const url = odoo.url;
      await odoo.close();
      server = undefined;
      const health = await connectorFor(
        { ...odoo, url },
        { retries: 1 },
      ).health();
      expect(health.status).toBe('down');
      expect(health.checks).toEqual([
        expect.objectContaining({
          name: 'version',
          status: 'down',
          detail: expect.stringMatching(/could not reach the server/),
        }),
      ]);
    });
  });

  it('declares its capabilities', async () => {
    const odoo = await standIn();
    expect(
      connectorFor(odoo)
        .capabilities()
        .map(c => c.id),
    ).toEqual([
      'inventory.modules',
      'inventory.models',
      'health.version',
      'auth.api-key',
      'paging.complete',
    ]);
  });
});
