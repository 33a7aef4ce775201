import { OpenApiContract } from './OpenApiContract';

const DOCUMENT = {
  openapi: '3.0.3',
  info: { title: 'Example API', version: '1' },
  servers: [{ url: '{url}/api/v1', variables: { url: { default: '' } } }],
  security: [{ ApiKeyAuth: [] }],
  paths: {
    '/items': {
      get: {
        operationId: 'listItems',
        'x-required-scope': 'item:list',
        parameters: [
          { $ref: '#/components/parameters/limit' },
          { name: 'active', in: 'query', schema: { type: 'boolean' } },
          {
            name: 'q',
            in: 'query',
            content: {
              'application/json': {
                schema: {
                  type: 'object',
                  properties: { page: { type: 'integer' } },
                },
              },
            },
          },
        ],
        responses: {
          '200': {
            description: 'a page',
            headers: {
              'X-RateLimit-Limit': {
                required: true,
                schema: { type: 'integer' },
              },
              'Retry-After': { schema: { type: 'integer' } },
            },
            content: {
              'application/json': {
                schema: { $ref: '#/components/schemas/page' },
              },
            },
          },
          '401': { $ref: '#/components/responses/unauthorized' },
        },
      },
      post: {
        security: [{ BearerAuth: [] }],
        requestBody: {
          required: true,
          content: {
            'application/json': {
              schema: {
                type: 'object',
                required: ['name'],
                properties: { name: { type: 'string', minLength: 1 } },
              },
            },
          },
        },
        responses: { '201': { description: 'created' } },
      },
    },
    '/items/{id}': {
      parameters: [
        {
          name: 'id',
          in: 'path',
          required: true,
          schema: { type: 'string', pattern: '^[a-z0-9]+$' },
        },
      ],
      get: { responses: { '200': { description: 'one item' } } },
    },
    '/items/archived': {
      get: { responses: { '200': { description: 'archived items' } } },
    },
    '/healthz': {
      servers: [{ url: '/' }],
      get: {
        security: [],
        responses: {
          '200': {
            description: 'up',
            content: {
              'text/plain': { schema: { type: 'string', enum: ['OK'] } },
            },
          },
        },
      },
    },
  },
  components: {
    securitySchemes: {
      ApiKeyAuth: { type: 'apiKey', in: 'header', name: 'X-API-KEY' },
      BearerAuth: { type: 'http', scheme: 'bearer' },
    },
    parameters: {
      limit: {
        name: 'limit',
        in: 'query',
        schema: { type: 'number', maximum: 250 },
      },
    },
    responses: {
      unauthorized: {
        description: 'no key',
        content: {
          'application/json': {
            schema: {
              type: 'object',
              required: ['message'],
              properties: { message: { type: 'string' } },
            },
          },
        },
      },
    },
    schemas: {
      page: {
        type: 'object',
        required: ['data'],
        properties: {
          data: { type: 'array', items: { $ref: '#/components/schemas/item' } },
          nextCursor: { type: 'string', nullable: true },
        },
      },
      item: {
        type: 'object',
        required: ['id'],
        properties: { id: { type: 'string' } },
      },
    },
  },
};

describe('OpenApiContract', () => {
  const contract = new OpenApiContract(DOCUMENT, 'example.yaml');

  it('matches whole request paths under the servers’ base paths', () => {
    expect(contract.title).toBe('Example API');
    const list = contract.match('GET', '/api/v1/items')!;
    expect(list).toMatchObject({
      method: 'get',
      path: '/items',
      operationId: 'listItems',
      extensions: { 'x-required-scope': 'item:list' },
      security: [
        [
          {
            id: 'ApiKeyAuth',
            type: 'apiKey',
            in: 'header',
            parameterName: 'X-API-KEY',
          },
        ],
      ],
    });
    expect(contract.match('GET', '/api/v1/items/a%20b')).toMatchObject({
      path: '/items/{id}',
      pathParams: { id: 'a b' },
    });
    expect(contract.match('GET', '/api/v1/items/archived')?.path).toBe(
      '/items/archived',
    );
    expect(contract.match('GET', '/api/v1/items/%E0%A4%A')?.pathParams).toEqual(
      { id: '%E0%A4%A' },
    );
    expect(contract.match('post', '/api/v1/items')?.security).toEqual([
      [{ id: 'BearerAuth', type: 'http', scheme: 'bearer' }],
    ]);
    expect(contract.match('GET', '/healthz')).toMatchObject({
      path: '/healthz',
      security: [],
    });
    expect(contract.match('GET', '/items')).toBeUndefined();
    expect(contract.match('DELETE', '/api/v1/items')).toBeUndefined();
  });

  it('checks query and path parameters, reading text as the declared type', () => {
    const list = contract.match('GET', '/api/v1/items')!;
    const query = (text: string) => ({ query: new URLSearchParams(text) });
    expect(
      contract.requestProblems(list, query('limit=250&active=true')),
    ).toEqual([]);
    expect(
      contract.requestProblems(list, query('limit=300&active=yes&limit=2&x=1')),
    ).toEqual([
      "query parameter 'x' is not in the contract",
      "query parameter 'limit' is repeated",
      "query parameter 'active' must be boolean",
    ]);
    expect(contract.requestProblems(list, query('limit=300'))).toEqual([
      "query parameter 'limit' must be <= 250",
    ]);
    expect(
      contract.requestProblems(list, { query: { q: { page: 'zero' } } }),
    ).toEqual(["query parameter 'q'/page must be integer"]);
    expect(contract.requestProblems(list, query('q={"page":1}'))).toEqual([]);
    expect(contract.requestProblems(list, query('q={page'))).toEqual([
      "query parameter 'q' is not JSON",
    ]);
    const one = contract.match('GET', '/api/v1/items/A-B')!;
    expect(contract.requestProblems(one)).toEqual([
      `path parameter 'id' must match pattern "^[a-z0-9]+$"`,
    ]);
  });

  it('checks request bodies', () => {
    const create = contract.match('POST', '/api/v1/items')!;
    const json = 'application/json; charset=utf-8';
    expect(
      contract.requestProblems(create, {
        body: { name: 'a' },
        contentType: json,
      }),
    ).toEqual([]);
    expect(contract.requestProblems(create)).toEqual(['a body is required']);
    expect(
      contract.requestProblems(create, {
        body: { name: '' },
        contentType: json,
      }),
    ).toEqual(['body/name must NOT have fewer than 1 characters']);
    expect(contract.requestProblems(create, { body: 'x=1' })).toEqual([
      'content-type must be application/json, not missing',
    ]);
    const list = contract.match('GET', '/api/v1/items')!;
    expect(contract.requestProblems(list, { body: {} })).toEqual([
      'the operation takes no body',
    ]);
    const one = contract.match('GET', '/api/v1/items/a')!;
    expect(
      contract.requestProblems(one, { query: { unused: undefined } }),
    ).toEqual([]);
  });

  it('checks responses: status, headers, content type and body', () => {
    const list = contract.match('GET', '/api/v1/items')!;
    expect(contract.declaredStatuses(list)).toEqual([200, 401]);
    expect(
      contract.responseProblems(list, 200, {
        body: { data: [{ id: 'a' }], nextCursor: null },
        contentType: 'application/json',
        headers: { 'x-ratelimit-limit': '120', 'Retry-After': 3 },
      }),
    ).toEqual([]);
    expect(
      contract.responseProblems(list, 200, {
        body: { data: [{}] },
        headers: { 'retry-after': ['soon'] },
      }),
    ).toEqual([
      "GET /items 200 header 'x-ratelimit-limit' is required",
      "GET /items 200 header 'retry-after' must be integer",
      "GET /items 200 body/data/0 must have required property 'id'",
    ]);
    expect(
      contract.responseProblems(list, 200, {
        body: 'OK',
        contentType: 'text/plain',
        headers: { 'x-ratelimit-limit': 1 },
      }),
    ).toEqual(["GET /items 200 content type 'text/plain' is not declared"]);
    expect(contract.responseProblems(list, 401, { body: {} })).toEqual([
      "GET /items 401 body must have required property 'message'",
    ]);
    expect(contract.responseProblems(list, 500, { body: {} })).toBeUndefined();
    const created = contract.match('POST', '/api/v1/items')!;
    expect(
      contract.responseProblems(created, 201, { body: 'anything' }),
    ).toEqual([]);
    const health = contract.match('GET', '/healthz')!;
    expect(
      contract.responseProblems(health, 200, {
        body: 'OK',
        contentType: 'text/plain; charset=utf-8',
      }),
    ).toEqual([]);
  });

  it('refuses a document it cannot check, naming the place', () => {
    expect(() => new OpenApiContract({ openapi: '2.0' }, 'x.yaml')).toThrow(
      'x.yaml is not an OpenAPI 3.0 or 3.1 document: openapi must be an OpenAPI 3.0.x or 3.1.x version',
    );
    expect(() => new OpenApiContract(null)).toThrow(
      'the OpenAPI contract is not an OpenAPI 3.0 or 3.1 document: (root)',
    );
    const broken =
      (paths: unknown, components: unknown = {}) =>
      () =>
        new OpenApiContract({ ...DOCUMENT, paths, components }, 'broken.yaml');
    expect(
      broken({
        '/a': {
          get: {
            security: [],
            responses: { '200': { $ref: '#/components/responses/none' } },
          },
        },
      }),
    ).toThrow('broken.yaml: #/components/responses/none does not resolve');
    expect(
      broken({ '/a': { get: { security: [{ nope: [] }], responses: {} } } }),
    ).toThrow(
      "broken.yaml: paths./a.get: security scheme 'nope' is not defined",
    );
    expect(
      broken({
        '/a': {
          get: {
            security: [],
            parameters: [{ name: 'p', in: 'query' }],
            responses: {},
          },
        },
      }),
    ).toThrow('broken.yaml: paths./a.get.parameters.p: no schema');
    expect(
      broken({
        '/a': {
          get: {
            security: [],
            responses: {
              '200': {
                description: 'x',
                content: { 'application/json': { schema: { not: {} } } },
              },
            },
          },
        },
      }),
    ).toThrow("the keyword 'not' is not supported");
    expect(
      broken({
        '/a': {
          get: { security: [], parameters: [{ $ref: 'other.yaml#/p' }] },
        },
      }),
    ).toThrow('only local references are supported, not other.yaml#/p');
    expect(
      broken(
        { '/a': { get: { security: [], parameters: [{ $ref: '#/loop' }] } } },
        {},
      ),
    ).toThrow('#/loop does not resolve');
    expect(
      broken({ '/a': { get: { security: [], parameters: ['text'] } } }),
    ).toThrow('paths./a.get.parameters[0]: expected an object');
  });

  it('refuses a match that is not one of its own', () => {
    expect(() =>
      contract.requestProblems({
        method: 'get',
        path: '/nowhere',
        pathParams: {},
        extensions: {},
        security: [],
      }),
    ).toThrow('get /nowhere is not in the contract');
  });
});
