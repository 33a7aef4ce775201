import { randomBytes } from 'node:crypto';
import { ContractTest, HttpClient } from '@platform-kit/connector-sdk';
import { OdooAuthError } from './client/errors';
import { createApi, OdooSession } from './client/openSession';
import { collectRecords } from './inventory/collectRecords';
import { MODULE_FIELDS, moduleRecordSchema } from './inventory/records';
import { OdooOptions } from './options';

/** What the contract tests need from the connector. */
export interface ContractContext {
  options: OdooOptions;
  http: HttpClient;
  open: () => Promise<OdooSession>;
}

/** The contract tests the Odoo connector ships (run by the SDK's harness). */
export function odooContractTests(ctx: ContractContext): ContractTest[] {
  return [
    {
      id: 'odoo.version',
      title: 'The server reports its version without authentication',
      async run() {
        const { server } = await ctx.open();
        if (!/^\S+$/.test(server.serverVersion) || server.major < 1) {
          throw new Error(
            `implausible server_version '${server.serverVersion}'`,
          );
        }
        return { ...server };
      },
    },
    {
      id: 'odoo.auth',
      title: 'The configured API key is accepted',
      async run() {
        const { api } = await ctx.open();
        const evidence = await api.authenticate();
        return { protocol: api.protocol, ...evidence };
      },
    },
    {
      id: 'odoo.auth.bad-key-refused',
      title: 'A made-up API key is refused',
      async run() {
        const { api } = await ctx.open();
        const bad = createApi(ctx.http, api.protocol, {
          ...ctx.options,
          apiKey: `platform-kit-contract-${randomBytes(12).toString('hex')}`,
        });
        try {
          await bad.authenticate();
        } catch (error) {
          if (error instanceof OdooAuthError) {
            return {
              protocol: api.protocol,
              refusal:
                api.protocol === 'xmlrpc'
                  ? 'authenticate returned false'
                  : 'HTTP 401',
            };
          }
          throw error;
        }
        throw new Error(
          `Odoo accepted a made-up API key (${api.protocol}): authentication is not enforced`,
        );
      },
    },
    {
      id: 'odoo.paging.modules',
      title:
        'Paging installed modules returns every record once, as many as search_count says',
      async run() {
        const { api } = await ctx.open();
        const { records, searchCount, pages } = await collectRecords(
          api,
          'ir.module.module',
          [['state', '=', 'installed']],
          MODULE_FIELDS,
          moduleRecordSchema,
          ctx.options.pageSize,
        );
        return {
          protocol: api.protocol,
          searchCount,
          records: records.length,
          pages,
          pageSize: ctx.options.pageSize,
        };
      },
    },
  ];
}
