import { ContractTestSkip } from '@platform-kit/connector-sdk';
import { N8nConnector } from './N8nConnector';

/**
 * Each contract test must fail, with evidence, when n8n answers wrongly. The
 * answers here are scripted per path (an n8n that would break its contract),
 * so they bypass the spec-checking stand-in on purpose.
 */

type Route = (url: URL, headers: Headers) => { status?: number; body: unknown };

function connectorAnswering(routes: Record<string, Route>) {
  const fakeFetch: typeof fetch = async (input, init) => {
    const url = new URL(String(input));
    const route = routes[url.pathname];
    if (!route) return new Response('{"message":"Not Found"}', { status: 404 });
    const { status = 200, body } = route(url, new Headers(init?.headers));
    return new Response(JSON.stringify(body), {
      status,
      headers: { 'content-type': 'application/json' },
    });
  };
  const connector = new N8nConnector(
    {
      id: 'n8n-fake',
      baseUrl: 'http://n8n.invalid',
      apiKey: 'n8n_api_fake_key_1234',
    },
    { fetch: fakeFetch, retries: 0 },
  );
  return (id: string) => {
    const test = connector.contractTests().find(t => t.id === id)!;
    return test.run();
  };
}

const workflow = (id: string, extra: Record<string, unknown> = {}) => ({
  id,
  name: `Workflow ${id}`,
  ...extra,
});
const list =
  (data: unknown[]): Route =>
  () => ({ body: { data, nextCursor: null } });

describe('the n8n contract tests fail on wrong answers', () => {
  it('n8n.workflows.paging: a workflow listed twice', async () => {
    const run = connectorAnswering({
      '/api/v1/workflows': list([workflow('a'), workflow('a')]),
    });
    await expect(run('n8n.workflows.paging')).rejects.toMatchObject({
      message: 'workflow ids listed more than once',
      evidence: { workflows: 2, duplicates: ['a'] },
    });
  });

  it('n8n.workflows.paging: limit=1 ignored', async () => {
    const run = connectorAnswering({
      '/api/v1/workflows': list([workflow('a'), workflow('b')]),
    });
    await expect(run('n8n.workflows.paging')).rejects.toThrow(
      'limit=1 returned 2 workflows',
    );
  });

  it('n8n.workflows.paging: pages of one that repeat a workflow', async () => {
    const run = connectorAnswering({
      '/api/v1/workflows': url =>
        url.searchParams.get('limit') === '1'
          ? {
              body: {
                data: [workflow('a')],
                nextCursor: `c${url.searchParams.get('cursor') ?? ''}`,
              },
            }
          : {
              body: { data: [workflow('a'), workflow('b')], nextCursor: null },
            },
    });
    await expect(run('n8n.workflows.paging')).rejects.toMatchObject({
      message: 'pages of one repeated a workflow',
      evidence: { probedIds: ['a', 'a', 'a'] },
    });
  });

  it('n8n.workflows.paging: pages of one show a workflow the list lacks', async () => {
    const run = connectorAnswering({
      '/api/v1/workflows': url =>
        url.searchParams.get('limit') === '1'
          ? { body: { data: [workflow('ghost')], nextCursor: null } }
          : { body: { data: [workflow('a')], nextCursor: null } },
    });
    await expect(run('n8n.workflows.paging')).rejects.toMatchObject({
      message: 'pages of one showed workflows the full list lacks',
      evidence: { unknown: ['ghost'] },
    });
  });

  it('n8n.workflows.read: a workflow that reads back under another name', async () => {
    const run = connectorAnswering({
      '/api/v1/workflows': list([workflow('a')]),
      '/api/v1/workflows/a': () => ({ body: workflow('a', { name: 'Other' }) }),
    });
    await expect(run('n8n.workflows.read')).rejects.toMatchObject({
      message: 'workflow a read back differently',
      evidence: {
        listed: { id: 'a', name: 'Workflow a' },
        read: { id: 'a', name: 'Other' },
      },
    });
  });

  it('n8n.workflows.read: skipped without workflows', async () => {
    const run = connectorAnswering({ '/api/v1/workflows': list([]) });
    await expect(run('n8n.workflows.read')).rejects.toBeInstanceOf(
      ContractTestSkip,
    );
  });

  it('n8n.tags.consistent: a tag on a workflow that the tag list lacks', async () => {
    const run = connectorAnswering({
      '/api/v1/workflows': list([
        workflow('a', { tags: [{ id: 't9', name: 'ghost' }] }),
      ]),
      '/api/v1/tags': list([]),
    });
    await expect(run('n8n.tags.consistent')).rejects.toMatchObject({
      message: 'tags on workflows but not listed',
      evidence: { missing: ['ghost'] },
    });
  });

  it('n8n.health.readiness: a 200 that does not say ok', async () => {
    const run = connectorAnswering({
      '/healthz/readiness': () => ({ body: { status: 'error' } }),
    });
    await expect(run('n8n.health.readiness')).rejects.toThrow(
      'readiness status is "error"',
    );
  });

  it('n8n.auth.wrong-key-refused: a wrong key answered with 403, not 401', async () => {
    const run = connectorAnswering({
      '/api/v1/workflows': () => ({
        status: 403,
        body: { message: 'Forbidden' },
      }),
    });
    await expect(run('n8n.auth.wrong-key-refused')).rejects.toMatchObject({
      status: 403,
    });
  });
});
