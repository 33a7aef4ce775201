import { createPlatformKitRouter } from '../routes/createPlatformKitRouter';
import {
  openApiDocument,
  openApiProblems,
} from '../__testUtils__/openApiValidator';

describe('OpenAPI document', () => {
  it('documents exactly the routes the router serves', async () => {
    const router = await createPlatformKitRouter({
      access: {} as any,
      services: {} as any,
    });
    const served = (router as any).stack
      .filter((layer: any) => layer.route)
      .flatMap((layer: any) =>
        Object.keys(layer.route.methods).map(
          m =>
            `${m.toUpperCase()} ${layer.route.path.replace(/:(\w+)/g, '{$1}')}`,
        ),
      )
      // Served by Backstage's OpenAPI router itself: the document describing the API.
      .filter((route: string) => route !== 'GET /openapi.json')
      .sort();
    const documented = Object.entries(openApiDocument.paths)
      .flatMap(([path, ops]: [string, any]) =>
        Object.keys(ops).map(m => `${m.toUpperCase()} ${path}`),
      )
      .sort();
    expect(served).toEqual(documented);
  });

  it('rejects a response that breaks the documented shape', () => {
    expect(openApiProblems('GET', '/health', 200, { status: 'ok' })).toEqual(
      [],
    );
    expect(
      openApiProblems('GET', '/health', 200, { status: 'broken' }),
    ).not.toEqual([]);
    expect(openApiProblems('GET', '/scans/{id}', 200, { id: 'x' })).not.toEqual(
      [],
    );
    expect(openApiProblems('GET', '/nowhere', 200, {})).toEqual([
      'GET /nowhere is not documented',
    ]);
  });
});
