import { compareContract } from './contractsCheckCompare';

/** A small vendor document in the shape vendors publish. */
const VENDOR = {
  openapi: '3.0.0',
  info: { title: 'Vendor API', version: '1' },
  servers: [{ url: '{url}/api/v1' }],
  security: [{ ApiKeyAuth: [] }],
  paths: {
    '/items': {
      get: {
        'x-required-scope': 'item:list',
        parameters: [
          { $ref: '#/components/parameters/limit' },
          { name: 'active', in: 'query', schema: { type: 'boolean' } },
        ],
        responses: {
          '200': {
            description: 'ok',
            headers: { 'X-Rate': { schema: { type: 'integer' } } },
            content: {
              'application/json': {
                schema: {
                  type: 'object',
                  properties: {
                    data: {
                      type: 'array',
                      items: { $ref: '#/components/schemas/item' },
                    },
                    next: { type: 'string', nullable: true },
                  },
                },
              },
            },
          },
          '401': { $ref: '#/components/responses/unauthorized' },
        },
      },
      post: {
        requestBody: {
          content: {
            'application/json': {
              schema: {
                type: 'object',
                required: ['name'],
                properties: {
                  name: { type: 'string', minLength: 1 },
                  mode: { type: 'string', enum: ['a', 'b'] },
                },
              },
            },
          },
        },
        responses: { '201': { description: 'created' } },
      },
    },
    '/items/{id}': {
      get: {
        parameters: [
          {
            name: 'id',
            in: 'path',
            required: true,
            schema: { type: 'string' },
          },
        ],
        responses: {
          '200': {
            description: 'one',
            content: {
              'application/json': {
                schema: {
                  allOf: [
                    { $ref: '#/components/schemas/item' },
                    {
                      type: 'object',
                      properties: {
                        extra: {
                          anyOf: [{ type: 'string' }, { type: 'object' }],
                        },
                      },
                    },
                  ],
                },
              },
            },
          },
        },
      },
    },
  },
  components: {
    securitySchemes: {
      ApiKeyAuth: { type: 'apiKey', in: 'header', name: 'X-API-KEY' },
    },
    parameters: {
      limit: {
        name: 'limit',
        in: 'query',
        schema: { type: 'number', maximum: 250 },
      },
    },
    responses: { unauthorized: { description: 'Unauthorized' } },
    schemas: {
      item: {
        type: 'object',
        required: ['name'],
        properties: {
          id: { type: 'integer', readOnly: true },
          name: { type: 'string' },
          createdAt: { type: 'string', format: 'date-time' },
          kind: { readOnly: true },
          owner: { $ref: '#/components/schemas/user' },
          children: {
            type: 'array',
            items: { $ref: '#/components/schemas/item' },
          },
        },
      },
      user: {
        type: 'object',
        properties: { id: { type: 'integer' } },
      },
    },
  },
};

/** Our contract: a subset of VENDOR, with marked facts from elsewhere. */
function ours(): any {
  return {
    openapi: '3.0.3',
    info: { title: 'Ours', version: '1', 'x-vendor-document': 'vendor.yml' },
    servers: [{ url: '/api/v1' }],
    security: [{ ApiKeyAuth: [] }],
    paths: {
      '/items': {
        get: {
          'x-required-scope': 'item:list',
          parameters: [
            {
              name: 'limit',
              in: 'query',
              schema: { type: 'integer', maximum: 250 },
            },
          ],
          responses: {
            '200': {
              description: 'ok',
              headers: { 'x-rate': { schema: { type: 'integer' } } },
              content: {
                'application/json': {
                  schema: {
                    type: 'object',
                    required: ['data'],
                    properties: {
                      data: {
                        type: 'array',
                        items: { $ref: '#/components/schemas/item' },
                      },
                      next: { type: 'string', nullable: true },
                    },
                  },
                },
              },
            },
            '401': {
              description: 'no key',
              content: {
                'application/json': {
                  'x-outside-vendor-document': 'vendor docs: error bodies',
                  schema: { type: 'object' },
                },
              },
            },
          },
        },
        post: {
          requestBody: {
            required: true,
            content: {
              'application/json': {
                schema: {
                  type: 'object',
                  properties: {
                    name: { type: 'string', minLength: 1 },
                    mode: { type: 'string', enum: ['a'] },
                  },
                },
              },
            },
          },
          responses: { '201': { description: 'created' } },
        },
      },
      '/items/{itemId}': {
        get: {
          parameters: [
            {
              name: 'itemId',
              in: 'path',
              required: true,
              schema: { type: 'string' },
            },
          ],
          responses: {
            '200': {
              description: 'one',
              content: {
                'application/json': {
                  schema: {
                    type: 'object',
                    properties: {
                      name: { type: 'string' },
                      extra: { type: 'string' },
                    },
                  },
                },
              },
            },
          },
        },
      },
      '/healthz': {
        'x-outside-vendor-document': 'vendor docs: Monitoring',
        get: { security: [], responses: { '200': { description: 'up' } } },
      },
    },
    components: {
      securitySchemes: {
        ApiKeyAuth: { type: 'apiKey', in: 'header', name: 'x-api-key' },
      },
      schemas: {
        item: {
          type: 'object',
          required: ['id', 'name'],
          properties: {
            id: { type: 'integer' },
            name: { type: 'string' },
            createdAt: { type: 'string', format: 'date-time' },
            kind: { type: 'string' },
            owners: {
              'x-vendor-erratum': 'vendor#1: owners is a list',
              type: 'array',
              items: { type: 'object' },
            },
            children: {
              type: 'array',
              items: { $ref: '#/components/schemas/item' },
            },
          },
        },
      },
    },
  };
}

describe('compareContract', () => {
  it('accepts a contract that is a subset of the vendor document', () => {
    const result = compareContract(ours(), VENDOR);
    expect(result.problems).toEqual([]);
    expect(result.agreed).toBeGreaterThan(15);
    expect(result.outside).toEqual([
      'paths./items.get.401 application/json: vendor docs: error bodies',
      'paths./healthz: vendor docs: Monitoring',
    ]);
    expect(result.errata).toEqual([
      'paths./items.get.200 application/json.data[].owners: vendor#1: owners is a list',
    ]);
    expect(result.notes).toEqual([
      "paths./items.get.200 application/json.data[]: required here, optional in the vendor's document: id",
      "paths./items.get.200 application/json: required here, optional in the vendor's document: data",
    ]);
  });

  it('reports every invention and disagreement', () => {
    const contract = ours();
    const get = contract.paths['/items'].get;
    contract.servers = [{ url: '/api/v2' }];
    get['x-required-scope'] = 'item:read';
    get.parameters.push(
      { name: 'pageSize', in: 'query', schema: { type: 'integer' } },
      { name: 'active', in: 'query', schema: { type: 'string' } },
      { name: 'limit', in: 'header', schema: { type: 'integer' } },
    );
    get.parameters[0].schema.maximum = 100;
    get.responses['404'] = { description: 'not found' };
    get.responses['200'].headers['X-Other'] = { schema: { type: 'string' } };
    const page = get.responses['200'].content['application/json'].schema;
    page.properties.total = { type: 'integer' };
    page.properties.next = { type: 'string' };
    page.properties.data.items = {
      type: 'object',
      properties: {
        name: { type: 'integer' },
        createdAt: { type: 'string', format: 'date' },
        id: { type: 'integer', nullable: true },
      },
    };
    const post = contract.paths['/items'].post;
    post.security = [{ BearerAuth: [] }];
    post.requestBody.content['application/json'].schema.properties.mode.enum = [
      'a',
      'c',
    ];
    post.requestBody.content['text/plain'] = { schema: { type: 'string' } };
    contract.paths['/items'].delete = { responses: {} };
    contract.paths['/items/{itemId}'].get.security = [];
    contract.paths['/things'] = { get: { responses: {} } };
    contract.components.securitySchemes.ApiKeyAuth.name = 'X-KEY';
    contract.components.securitySchemes.BearerAuth = {
      type: 'http',
      scheme: 'bearer',
    };

    expect(compareContract(contract, VENDOR).problems).toEqual([
      "servers /api/v2 is not in the vendor's document",
      'paths./items.get.x-required-scope: "item:read" here, "item:list" in the vendor\'s document',
      "paths./items.get query parameter 'limit': maximum 100 here, 250 in the vendor's document",
      "paths./items.get query parameter 'pageSize' is not in the vendor's document",
      "paths./items.get query parameter 'active': type string here, boolean in the vendor's document",
      "paths./items.get header parameter 'limit' is not in the vendor's document",
      "paths./items.get.200 application/json.data[].name: type integer here, string in the vendor's document",
      "paths./items.get.200 application/json.data[].createdAt: format date here, date-time in the vendor's document",
      "paths./items.get.200 application/json.data[].id: nullable here, not in the vendor's document",
      "paths./items.get.200 application/json.total is not in the vendor's document",
      "paths./items.get.200 header X-Other is not in the vendor's document",
      "paths./items.get.404 is not in the vendor's document",
      "paths./items.post request body application/json.mode: enum values not in the vendor's document: c",
      "paths./items.post request body text/plain is not in the vendor's document",
      "paths./items.post: security scheme BearerAuth is not one the vendor's document accepts",
      "paths./items.delete is not in the vendor's document",
      "paths./items/{itemId}.get: open here, the vendor's document requires ApiKeyAuth",
      "paths./things is not in the vendor's document",
      "securitySchemes.ApiKeyAuth.name: X-KEY here, X-API-KEY in the vendor's document",
      "securitySchemes.BearerAuth is not in the vendor's document",
    ]);
  });

  it('compares against anyOf alternatives, allOf parts and missing pieces', () => {
    const contract = ours();
    const one =
      contract.paths['/items/{itemId}'].get.responses['200'].content[
        'application/json'
      ].schema;
    one.properties.extra = { type: 'boolean' };
    one.properties.children = { type: 'array', items: { type: 'string' } };
    contract.paths['/items'].post.requestBody = {
      $ref: '#/components/requestBodies/none',
    };
    const vendor = JSON.parse(JSON.stringify(VENDOR));
    delete vendor.paths['/items'].post.requestBody;
    delete vendor.servers;
    delete vendor.components.securitySchemes;
    expect(compareContract(contract, vendor).problems).toEqual([
      "servers /api/v1 is not in the vendor's document",
      "paths./items.post request body is not in the vendor's document",
      "paths./items/{itemId}.get.200 application/json.extra: matches none of the vendor's alternatives (anyOf/oneOf)",
      "paths./items/{itemId}.get.200 application/json.children[]: type string here, object in the vendor's document",
      "securitySchemes.ApiKeyAuth is not in the vendor's document",
    ]);
  });
});
