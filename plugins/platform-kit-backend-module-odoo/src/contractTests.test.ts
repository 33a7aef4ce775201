import { runContractSuite } from '@platform-kit/connector-sdk';
import { assertCleanRun } from './__testUtils__/assertCleanRun';
import { connectorFor } from './__testUtils__/connectorHarness';
import {
  OdooStandIn,
  OdooStandInOptions,
  startOdooStandIn,
} from './testing/odooServer';

describe('Odoo contract', () => {
  let server: OdooStandIn | undefined;

  async function standIn(options: OdooStandInOptions) {
    server = await startOdooStandIn(options);
    return server;
  }

  afterEach(async () => {
    if (server) {
      const { violations, problems } = server;
      await server.close();
      server = undefined;
      assertCleanRun(violations, problems);
    }
  });

  async function runOwnTests(odoo: OdooStandIn) {
    const tests = connectorFor(odoo, { pageSize: 5 }).contractTests();
    const outcomes: Record<string, unknown> = {};
    for (const test of tests) {
      outcomes[test.id] = await test.run().then(
        evidence => ({ pass: evidence }),
        (error: Error) => ({ fail: error.message }),
      );
    }
    return outcomes;
  }

  it.each([17, 19])(
    'passes its own contract tests against Odoo %i',
    async version => {
      const odoo = await standIn({
        version,
        modules: 12,
        uninstalledModules: 2,
      });
      expect(await runOwnTests(odoo)).toEqual({
        'odoo.version': {
          pass: expect.objectContaining({
            serverVersion: `${version}.0`,
            major: version,
          }),
        },
        'odoo.auth': {
          pass: expect.objectContaining({
            protocol: version >= 19 ? 'json2' : 'xmlrpc',
          }),
        },
        'odoo.auth.bad-key-refused': {
          pass: {
            protocol: version >= 19 ? 'json2' : 'xmlrpc',
            refusal: version >= 19 ? 'HTTP 401' : 'authenticate returned false',
          },
        },
        'odoo.paging.modules': {
          pass: {
            protocol: expect.any(String),
            searchCount: 12,
            records: 12,
            pages: 3,
            pageSize: 5,
          },
        },
      });
    },
  );

  it('fails the bad-key test against a server that accepts any key', async () => {
    const odoo = await standIn({
      version: 19,
      defects: { acceptAnyKey: true },
    });
    const outcomes = await runOwnTests(odoo);
    expect(outcomes['odoo.auth.bad-key-refused']).toEqual({
      fail: 'Odoo accepted a made-up API key (json2): authentication is not enforced',
    });
    expect(outcomes['odoo.auth']).toHaveProperty('pass');
  });

  it('fails the paging test against a server that ignores offset', async () => {
    const odoo = await standIn({
      version: 17,
      modules: 12,
      uninstalledModules: 0,
      defects: { ignoreOffset: true },
    });
    const outcomes = await runOwnTests(odoo);
    expect(outcomes['odoo.paging.modules']).toEqual({
      fail: expect.stringMatching(
        /search_count said 12 but 3 search_read pages returned 15 records with 5 distinct ids/,
      ),
    });
  });

  describe('SDK harness (runContractSuite)', () => {
    async function suite(odoo: OdooStandIn) {
      const dead = await startOdooStandIn();
      const deadUrl = dead.url;
      await dead.close();
      return runContractSuite({
        connector: connectorFor(odoo, { pageSize: 5 }),
        deadConnector: connectorFor(
          { ...odoo, url: deadUrl },
          { retries: 0, apiKey: 'dummy-key-for-the-dead-endpoint' },
        ),
        secrets: [odoo.apiKey],
        stableSource: true,
        timeBudgetMs: 20_000,
      });
    }

    it.each([17, 19])(
      'passes against the stand-in of Odoo %i',
      async version => {
        const odoo = await standIn({ version, modules: 12, models: 6 });
        const report = await suite(odoo);
        const failed = report.results.filter(r => r.status === 'fail');
        expect(failed).toEqual([]);
        expect(report.passed).toBe(true);
        expect(report.results.map(r => r.id)).toEqual(
          expect.arrayContaining([
            'sdk.health',
            'sdk.health.dead-endpoint',
            'odoo.paging.modules',
            'odoo.auth.bad-key-refused',
          ]),
        );
        expect(JSON.stringify(report)).not.toContain(odoo.apiKey);
      },
    );

    it('fails against a stand-in that accepts any key and ignores offsets', async () => {
      const odoo = await standIn({
        version: 17,
        modules: 12,
        defects: { acceptAnyKey: true, ignoreOffset: true },
      });
      const report = await suite(odoo);
      expect(report.passed).toBe(false);
      const failed = report.results
        .filter(r => r.status === 'fail')
        .map(r => r.id);
      expect(failed).toEqual(
        expect.arrayContaining([
          'odoo.auth.bad-key-refused',
          'odoo.paging.modules',
        ]),
      );
    });
  });
});
