import {
  ConnectorHttpError,
  ContractTest,
  ContractTestContext,
  ContractTestError,
  ContractTestSkip,
} from '@platform-kit/connector-sdk';
import { N8nApi, N8nApiError } from './N8nApi';

/**
 * A key no n8n instance issues (n8n keys are JWTs); n8n must refuse it. It is
 * obviously wrong, so that no rate limit or lock-out on failed logins can
 * count it against a real user.
 *
 * @public
 */
export const CLEARLY_WRONG_API_KEY = 'platform-kit-contract-test-not-a-key';

/** Pages read with `limit=1` to prove that the cursor moves on. */
const PROBE_PAGES = 3;

/**
 * The contracts the n8n connector proves against a live n8n:
 *
 * - `n8n.auth.key-accepted`: the configured key lists workflows;
 * - `n8n.auth.wrong-key-refused`: a clearly wrong key gets 401;
 * - `n8n.workflows.paging`: paging ends, ids are unique, and pages of one
 *   (`limit=1`) move on to different workflows;
 * - `n8n.workflows.read`: a listed workflow reads back by id with the same
 *   name (skipped on an instance without workflows);
 * - `n8n.tags.consistent`: every tag a workflow carries is in the tag list;
 * - `n8n.health.readiness`: `/healthz/readiness` says `ok`.
 */
export function n8nContractTests(
  baseApi: N8nApi,
  options: { probeTimeoutMs: number },
): ContractTest[] {
  const api = (context?: ContractTestContext) =>
    baseApi.withSignal(context?.signal);
  return [
    {
      id: 'n8n.auth.key-accepted',
      title: 'The API key is accepted',
      async run(context) {
        const page = await api(context).workflowPage(1);
        return { status: 200, workflowsOnFirstPage: page.data.length };
      },
    },
    {
      id: 'n8n.auth.wrong-key-refused',
      title: 'A wrong API key is refused with 401',
      async run(context) {
        let status: number | undefined;
        try {
          const page = await api(context)
            .withApiKey(CLEARLY_WRONG_API_KEY)
            .workflowPage(1);
          status = 200;
          throw new ContractTestError(
            'n8n answered a clearly wrong API key with 200',
            { status, workflowsOnFirstPage: page.data.length },
          );
        } catch (error) {
          if (error instanceof ContractTestError) throw error;
          if (
            error instanceof N8nApiError ||
            error instanceof ConnectorHttpError
          ) {
            status = error.status;
          }
          if (status === 401) return { status };
          throw error;
        }
      },
    },
    {
      id: 'n8n.workflows.paging',
      title: 'Workflow paging ends and ids are unique',
      async run(context) {
        const all = await api(context).listWorkflows();
        const ids = all.map(w => w.id);
        const duplicates = ids.filter((id, i) => ids.indexOf(id) !== i);
        if (duplicates.length > 0) {
          throw new ContractTestError('workflow ids listed more than once', {
            workflows: all.length,
            duplicates: duplicates.slice(0, 20),
          });
        }
        const probed: string[] = [];
        let cursor: string | undefined;
        for (let i = 0; i < PROBE_PAGES; i++) {
          const page = await api(context).workflowPage(1, cursor);
          const evidence = { limit: 1, page: i + 1, probedIds: probed };
          if (page.data.length > 1) {
            throw new ContractTestError(
              `limit=1 returned ${page.data.length} workflows`,
              evidence,
            );
          }
          probed.push(...page.data.map(w => w.id));
          if (!page.nextCursor) break;
          if (page.nextCursor === cursor) {
            throw new ContractTestError(
              'nextCursor did not change from one page to the next',
              evidence,
            );
          }
          cursor = page.nextCursor;
        }
        const repeated = new Set(probed).size !== probed.length;
        const unknown = probed.filter(id => !ids.includes(id));
        if (repeated || unknown.length > 0) {
          throw new ContractTestError(
            repeated
              ? 'pages of one repeated a workflow'
              : 'pages of one showed workflows the full list lacks',
            { probedIds: probed, unknown },
          );
        }
        return { workflows: all.length, probedIds: probed };
      },
    },
    {
      id: 'n8n.workflows.read',
      title: 'A listed workflow reads back by id',
      async run(context) {
        const [first] = (await api(context).workflowPage(1)).data;
        if (!first) {
          throw new ContractTestSkip('n8n holds no workflow to read back');
        }
        const read = await api(context).getWorkflow(first.id);
        if (read.id !== first.id || read.name !== first.name) {
          throw new ContractTestError(
            `workflow ${first.id} read back differently`,
            {
              listed: { id: first.id, name: first.name },
              read: { id: read.id, name: read.name },
            },
          );
        }
        return { id: read.id };
      },
    },
    {
      id: 'n8n.tags.consistent',
      title: 'Every tag on a workflow is in the tag list',
      async run(context) {
        const tags = new Set((await api(context).listTags()).map(t => t.id));
        const missing = new Set<string>();
        for (const workflow of await api(context).listWorkflows()) {
          for (const tag of workflow.tags ?? []) {
            if (!tags.has(tag.id)) missing.add(tag.name);
          }
        }
        if (missing.size > 0) {
          throw new ContractTestError('tags on workflows but not listed', {
            tags: tags.size,
            missing: [...missing].slice(0, 20),
          });
        }
        return { tags: tags.size };
      },
    },
    {
      id: 'n8n.health.readiness',
      title: 'n8n reports itself ready',
      async run(context) {
        const status = await api(context).probe(
          '/healthz/readiness',
          options.probeTimeoutMs,
        );
        if (status !== 'ok') {
          throw new ContractTestError(`readiness status is "${status}"`, {
            status,
          });
        }
        return { status };
      },
    },
  ];
}
