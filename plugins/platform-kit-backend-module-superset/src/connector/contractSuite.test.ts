import { runContractSuite } from '@platform-kit/connector-sdk';
import {
  generateSupersetFixture,
  startSupersetServer,
  SupersetServer,
} from '../testing';
import { SupersetConnector } from './SupersetConnector';

const PASSWORD = 'harness-password-42';

describe('the SDK contract harness against the Superset connector', () => {
  let server: SupersetServer;
  afterEach(() => server.close());

  const connectorFor = (
    baseUrl: string,
    id = 'superset-harness',
    password = PASSWORD,
  ) =>
    new SupersetConnector(
      { id, baseUrl, username: 'reader', password, retries: 0 },
      { sleep: async () => {} },
    );

  it('passes against the faithful stand-in', async () => {
    server = await startSupersetServer({
      users: { reader: PASSWORD },
      data: generateSupersetFixture({
        dashboards: 130,
        datasets: 4,
        charts: 9,
      }),
    });
    const report = await runContractSuite({
      connector: connectorFor(server.url),
      deadConnector: connectorFor(
        'http://127.0.0.1:9',
        'superset-dead',
        'dummy-password-for-the-dead-endpoint',
      ),
      secrets: [PASSWORD],
      stableSource: true,
    });
    const failed = report.results.filter(r => r.status === 'fail');
    expect(failed).toEqual([]);
    expect(report.passed).toBe(true);
    expect(report.results.map(r => r.id)).toEqual(
      expect.arrayContaining([
        'superset.auth.login',
        'superset.auth.bad-password-refused',
        'superset.inventory.paging-complete',
        'superset.health.ok',
      ]),
    );
    expect(JSON.stringify(report)).not.toContain(PASSWORD);
    expect(server.problems).toEqual([]);
  });

  it('fails against a stand-in that breaks the paging and password contracts', async () => {
    server = await startSupersetServer({
      users: { reader: PASSWORD },
      data: generateSupersetFixture({
        dashboards: 130,
        datasets: 4,
        charts: 9,
      }),
      quirks: { ignorePage: true, acceptAnyPassword: true },
    });
    const report = await runContractSuite({
      connector: connectorFor(server.url),
      secrets: [PASSWORD],
      stableSource: true,
    });
    expect(report.passed).toBe(false);
    const failed = report.results
      .filter(r => r.status === 'fail')
      .map(r => r.id);
    expect(failed).toEqual(
      expect.arrayContaining([
        'superset.auth.bad-password-refused',
        'superset.inventory.paging-complete',
      ]),
    );
  });
});
