import { assertCleanRun } from '../__testUtils__/assertCleanRun';
import {
  parseMethodResponse,
  serializeMethodCall,
  XmlRpcValue,
} from '../xmlrpc';
import {
  OdooStandIn,
  OdooStandInOptions,
  startOdooStandIn,
} from './odooServer';

/**
 * The stand-in itself: it must answer like Odoo, and refuse (and record)
 * what Odoo's documented API does not allow.
 */
describe('Odoo stand-in', () => {
  let server: OdooStandIn;

  async function start(options: OdooStandInOptions = {}) {
    server = await startOdooStandIn(options);
    return server;
  }

  afterEach(async () => {
    const problems = [...server.problems];
    await server.close();
    assertCleanRun([], problems);
  });

  async function rpc(service: string, method: string, params: XmlRpcValue[]) {
    const res = await fetch(`${server.url}/xmlrpc/2/${service}`, {
      method: 'POST',
      headers: { 'content-type': 'text/xml' },
      body: serializeMethodCall(method, params),
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/xml/);
    return parseMethodResponse(await res.text());
  }

  function executeKw(
    method: string,
    args: XmlRpcValue[],
    kwargs?: Record<string, XmlRpcValue>,
    model = 'ir.module.module',
  ) {
    return rpc('object', 'execute_kw', [
      server.database,
      server.uid,
      server.apiKey,
      model,
      method,
      args,
      ...(kwargs ? [kwargs] : []),
    ]);
  }

  async function json2(
    path: string,
    body: unknown,
    headers: Record<string, string> = {},
  ) {
    const res = await fetch(`${server.url}/json/2/${path}`, {
      method: 'POST',
      headers: {
        authorization: `bearer ${server.apiKey}`,
        'content-type': 'application/json; charset=utf-8',
        ...headers,
      },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });
    return { status: res.status, body: await res.json() };
  }

  describe('XML-RPC', () => {
    it('answers common.version like Odoo 17', async () => {
      await start();
      expect(await rpc('common', 'version', [])).toEqual({
        kind: 'value',
        value: {
          server_version: '17.0',
          server_version_info: [17, 0, 0, 'final', 0, ''],
          server_serie: '17.0',
          protocol_version: 1,
        },
      });
    });

    it('answers authenticate with the uid, or false for a wrong key or login', async () => {
      await start();
      const { database, login, apiKey } = server;
      expect(
        await rpc('common', 'authenticate', [database, login, apiKey, {}]),
      ).toEqual({ kind: 'value', value: 2 });
      expect(
        await rpc('common', 'authenticate', [database, login, 'nope', {}]),
      ).toEqual({ kind: 'value', value: false });
      expect(
        await rpc('common', 'authenticate', [database, 'else', apiKey, {}]),
      ).toEqual({ kind: 'value', value: false });
      expect(server.violations).toEqual([]);
    });

    it('answers execute_kw with a wrong key or uid with fault 3 Access Denied', async () => {
      await start();
      const wrongKey = await rpc('object', 'execute_kw', [
        server.database,
        server.uid,
        'nope',
        'ir.model',
        'search_count',
        [[]],
      ]);
      const wrongUid = await rpc('object', 'execute_kw', [
        server.database,
        99,
        server.apiKey,
        'ir.model',
        'search_count',
        [[]],
      ]);
      for (const answer of [wrongKey, wrongUid]) {
        expect(answer).toEqual({
          kind: 'fault',
          faultCode: 3,
          faultString: 'Access Denied',
        });
      }
      expect(server.violations).toEqual([]);
    });

    it('pages search_read by offset and limit, applying the domain and fields', async () => {
      await start({ modules: 10, uninstalledModules: 4 });
      const page = await executeKw(
        'search_read',
        [[['state', '=', 'installed']]],
        { fields: ['name', 'state'], offset: 8, limit: 5, order: 'id' },
      );
      expect(page.kind).toBe('value');
      const records = (page as { value: Record<string, XmlRpcValue>[] }).value;
      expect(records).toHaveLength(2);
      expect(
        records.every(
          r =>
            r.state === 'installed' &&
            Object.keys(r).join() === 'id,name,state',
        ),
      ).toBe(true);
      expect(
        await executeKw('search_count', [[['state', '=', 'installed']]]),
      ).toEqual({ kind: 'value', value: 10 });
      expect(await executeKw('search_count', [[]])).toEqual({
        kind: 'value',
        value: 14,
      });
      // positional arguments in Odoo's order: domain, fields, offset, limit, order
      const positional = await executeKw('search_read', [
        [],
        ['name'],
        0,
        2,
        'id desc',
      ]);
      expect(positional).toEqual({
        kind: 'value',
        value: [
          { id: 14, name: 'mod_0014' },
          { id: 13, name: 'mod_0013' },
        ],
      });
      expect(server.violations).toEqual([]);
    });

    it.each<[string, () => Promise<unknown>, RegExp]>([
      [
        'an unknown model',
        () => executeKw('search_count', [[]], undefined, 'res.nothing'),
        /KeyError: 'res.nothing'/,
      ],
      [
        'an unknown method',
        () => executeKw('unlink', [[1]]),
        /AttributeError: The method 'ir.module.module.unlink' does not exist/,
      ],
      [
        'an unknown kwarg',
        () => executeKw('search_read', [[]], { limits: 5 }),
        /unexpected keyword argument 'limits'/,
      ],
      [
        'a repeated argument',
        () => executeKw('search_read', [[]], { domain: [] }),
        /multiple values for argument 'domain'/,
      ],
      [
        'an unknown field',
        () => executeKw('search_read', [[]], { fields: ['nope'] }),
        /Invalid field 'nope'/,
      ],
      [
        'a bad domain leaf',
        () => executeKw('search_count', [[['state', 'installed']]]),
        /Invalid leaf/,
      ],
      [
        'a domain on an unknown field',
        () => executeKw('search_count', [[['x', '=', 1]]]),
        /Invalid field ir.module.module.x/,
      ],
      [
        'a bad order',
        () => executeKw('search_read', [[]], { order: 'id; drop' }),
        /Invalid "order"/,
      ],
      [
        'a negative offset',
        () => executeKw('search_read', [[]], { offset: -1 }),
        /offset must be a non-negative integer/,
      ],
      [
        'too few execute_kw params',
        () => rpc('object', 'execute_kw', ['odoo', 2, 'k']),
        /takes 6 to 7 arguments \(3 given\)/,
      ],
      [
        'a uid that is not an int',
        () =>
          rpc('object', 'execute_kw', [
            'odoo',
            '2',
            'k',
            'ir.model',
            'search_count',
            [],
          ]),
        /argument 2 of execute_kw\(\) must be int, got string/,
      ],
      [
        'authenticate without user_agent_env',
        () => rpc('common', 'authenticate', ['odoo', 'a', 'b']),
        /takes 4 to 4 arguments/,
      ],
      [
        'an unknown common method',
        () => rpc('common', 'login_as', []),
        /no method 'login_as'/,
      ],
      [
        'another object method',
        () => rpc('object', 'execute', []),
        /serves execute_kw only/,
      ],
    ])(
      'answers %s with fault 1 and records the violation',
      async (_label, call, message) => {
        await start();
        const answer = (await call()) as {
          kind: string;
          faultCode: number;
          faultString: string;
        };
        expect(answer.kind).toBe('fault');
        expect(answer.faultCode).toBe(1);
        expect(answer.faultString).toMatch(message);
        expect(server.violations).toHaveLength(1);
      },
    );

    it('answers malformed XML and a wrong content type with a fault', async () => {
      await start();
      const bad = await fetch(`${server.url}/xmlrpc/2/common`, {
        method: 'POST',
        headers: { 'content-type': 'text/xml' },
        body: '<methodCall><methodName>version</methodCall>',
      });
      expect(parseMethodResponse(await bad.text())).toMatchObject({
        kind: 'fault',
        faultCode: 1,
        faultString: expect.stringMatching(/not well-formed/),
      });
      const json = await fetch(`${server.url}/xmlrpc/2/common`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{}',
      });
      expect(parseMethodResponse(await json.text())).toMatchObject({
        kind: 'fault',
        faultString: expect.stringMatching(/text\/xml/),
      });
      const get = await fetch(`${server.url}/xmlrpc/2/common`);
      expect(get.status).toBe(405);
      expect(server.violations).toHaveLength(3);
    });

    it('answers a wrong database like Odoo, as a fault that is not a client mistake', async () => {
      await start();
      const answer = await rpc('common', 'authenticate', [
        'other',
        server.login,
        server.apiKey,
        {},
      ]);
      expect(answer).toMatchObject({
        kind: 'fault',
        faultCode: 1,
        faultString: expect.stringMatching(/database "other" does not exist/),
      });
      expect(server.violations).toEqual([]);
    });
  });

  describe('JSON-2 and /web/version', () => {
    it('serves JSON-2 from Odoo 19 with named arguments', async () => {
      await start({ version: 19, modules: 3, uninstalledModules: 1 });
      expect(
        await json2(
          'ir.module.module/search_read',
          {
            domain: [['state', '=', 'installed']],
            fields: ['name'],
            limit: 2,
            offset: 1,
            order: 'id',
            context: { lang: 'en_US' },
          },
          { 'x-odoo-database': 'odoo' },
        ),
      ).toEqual({
        status: 200,
        body: [
          { id: 2, name: 'mod_0002' },
          { id: 3, name: 'mod_0003' },
        ],
      });
      expect(
        await json2('ir.model/search_count', { ids: [], domain: [] }),
      ).toEqual({ status: 200, body: 8 });
      expect(server.violations).toEqual([]);
    });

    it('answers the documented error object: 401 for a bad key', async () => {
      await start({ version: 19 });
      const res = await json2(
        'ir.model/search_count',
        {},
        { authorization: 'bearer nope' },
      );
      expect(res).toEqual({
        status: 401,
        body: {
          name: 'werkzeug.exceptions.Unauthorized',
          message: 'Invalid apikey',
          arguments: ['Invalid apikey', 401],
          context: {},
          debug: expect.stringContaining('Traceback'),
        },
      });
      const missing = await fetch(
        `${server.url}/json/2/ir.model/search_count`,
        {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: '{}',
        },
      );
      expect(missing.status).toBe(401);
    });

    it.each<[string, string, unknown, Record<string, string>, number, RegExp]>([
      [
        'an unknown model',
        'res.nothing/search_count',
        {},
        {},
        404,
        /'res.nothing'/,
      ],
      ['an unknown method', 'ir.model/unlink', {}, {}, 404, /does not exist/],
      [
        'an unknown argument',
        'ir.model/search_read',
        { limits: 1 },
        {},
        422,
        /unexpected keyword argument 'limits'/,
      ],
      [
        'ids on a model method',
        'ir.model/search_count',
        { ids: [1] },
        {},
        422,
        /ids must be empty/,
      ],
      [
        'a body that is not an object',
        'ir.model/search_count',
        '[]',
        {},
        400,
        /JSON object/,
      ],
      [
        'a body that is not JSON',
        'ir.model/search_count',
        'x',
        {},
        400,
        /not JSON/,
      ],
      [
        'a wrong content type',
        'ir.model/search_count',
        '{}',
        { 'content-type': 'text/plain' },
        415,
        /application\/json/,
      ],
    ])(
      'refuses %s and records it',
      async (_label, path, body, headers, status, message) => {
        await start({ version: 19 });
        const res = await json2(path, body, headers);
        expect(res.status).toBe(status);
        expect(res.body.message).toMatch(message);
        expect(server.violations).toHaveLength(1);
      },
    );

    it('answers 404 for another database, and for JSON-2 before Odoo 19', async () => {
      await start({ version: 19 });
      expect(
        (
          await json2(
            'ir.model/search_count',
            {},
            { 'x-odoo-database': 'other' },
          )
        ).status,
      ).toBe(404);
      await server.close();
      await start({ version: 17 });
      const res = await fetch(`${server.url}/json/2/ir.model/search_count`, {
        method: 'POST',
        body: '{}',
      });
      expect(res.status).toBe(404);
    });

    it('serves GET /web/version without auth from Odoo 18, not before', async () => {
      await start({ version: 19 });
      const res = await fetch(`${server.url}/web/version`);
      expect(await res.json()).toEqual({
        version_info: [19, 0, 0, 'final', 0, ''],
        version: '19.0',
      });
      await server.close();
      await start({ version: 17 });
      expect((await fetch(`${server.url}/web/version`)).status).toBe(404);
    });
  });

  describe('scripted failures and defects', () => {
    it('answers scripted 429s with Retry-After, then normally', async () => {
      await start();
      server.failNext(2, { status: 429, retryAfter: 3 });
      for (let i = 0; i < 2; i++) {
        const res = await fetch(`${server.url}/web/version`);
        expect(res.status).toBe(429);
        expect(res.headers.get('retry-after')).toBe('3');
      }
      expect((await rpc('common', 'version', [])).kind).toBe('value');
      expect(server.requests.map(r => r.path)).toEqual([
        '/web/version',
        '/web/version',
        '/xmlrpc/2/common',
      ]);
    });

    it('limits scripted failures to a path prefix', async () => {
      await start();
      server.failNext(1, { status: 502, pathPrefix: '/xmlrpc/2/object' });
      expect((await rpc('common', 'version', [])).kind).toBe('value');
      const res = await fetch(`${server.url}/xmlrpc/2/object`, {
        method: 'POST',
        body: '',
      });
      expect(res.status).toBe(502);
    });

    it('accepts any key and ignores offsets when told to misbehave', async () => {
      await start({
        modules: 6,
        uninstalledModules: 0,
        defects: { acceptAnyKey: true, ignoreOffset: true },
      });
      expect(
        await rpc('common', 'authenticate', [
          server.database,
          server.login,
          'made-up',
          {},
        ]),
      ).toEqual({ kind: 'value', value: 2 });
      const page = await rpc('object', 'execute_kw', [
        server.database,
        server.uid,
        'made-up',
        'ir.module.module',
        'search_read',
        [[]],
        { fields: ['name'], offset: 3, limit: 2 },
      ]);
      expect(page).toEqual({
        kind: 'value',
        value: [
          { id: 1, name: 'base' },
          { id: 2, name: 'mod_0002' },
        ],
      });
    });

    it('turns an answer that fails its self-check into a 500 and a recorded problem', async () => {
      await start({
        modules: [
          {
            id: 1,
            name: '',
            shortdesc: 'Broken',
            summary: false,
            latest_version: false,
            author: false,
            website: false,
            application: false,
            category_id: false,
            state: 'installed',
          },
        ],
      });
      const res = await fetch(`${server.url}/xmlrpc/2/object`, {
        method: 'POST',
        headers: { 'content-type': 'text/xml' },
        body: serializeMethodCall('execute_kw', [
          server.database,
          server.uid,
          server.apiKey,
          'ir.module.module',
          'search_read',
          [[]],
          { fields: ['name'] },
        ]),
      });
      expect(res.status).toBe(500);
      expect(server.problems).toHaveLength(1);
      server.problems.length = 0;
    });
  });
});
