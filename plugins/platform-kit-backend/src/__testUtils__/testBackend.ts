import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { mockCredentials, TestDatabases } from '@backstage/backend-test-utils';
import request from 'supertest';

/**
 * Backstage's TestDatabases on the PostgreSQL that `./kit test` starts (it
 * exports BACKSTAGE_TEST_DATABASE_POSTGRES<major>_CONNECTION_STRING). Call at
 * the top level of a test file: it registers the file's clean-up hooks.
 */
export function backendTestDatabases() {
  const major = Object.keys(process.env)
    .map(
      k =>
        /^BACKSTAGE_TEST_DATABASE_POSTGRES(\d+)_CONNECTION_STRING$/.exec(
          k,
        )?.[1],
    )
    .find(Boolean);
  const dbId = `POSTGRES_${major ?? 17}` as 'POSTGRES_17';
  return { databases: TestDatabases.create({ ids: [dbId] }), dbId };
}

/** The Authorization header of a signed-in user. */
export const user = () => mockCredentials.user.header();

/** Polls a scan until it has succeeded or failed. */
export async function waitForScan(server: any, scanId: string) {
  for (let i = 0; i < 200; i++) {
    const res = await request(server)
      .get(`/api/platform-kit/scans/${scanId}`)
      .set('Authorization', user());
    if (res.body.status === 'succeeded' || res.body.status === 'failed')
      return res.body;
    await new Promise(r => setTimeout(r, 100));
  }
  throw new Error(`scan ${scanId} did not finish`);
}

/** A request to the platform-kit API as a signed-in user; sends `body` if given. */
export function callApi(
  server: any,
  method: 'get' | 'post' | 'delete',
  path: string,
  body?: unknown,
) {
  const req = request(server)
    [method](`/api/platform-kit${path}`)
    .set('Authorization', user());
  return body === undefined ? req : req.send(body as object);
}

/** Polls a remediation plan until it is no longer applying. */
export async function waitForPlan(server: any, id: string) {
  for (let i = 0; i < 300; i++) {
    const res = await callApi(server, 'get', `/remediation-plans/${id}`);
    if (res.body.status !== 'applying') return res.body;
    await new Promise(r => setTimeout(r, 100));
  }
  throw new Error(`plan ${id} did not finish`);
}

/** Requests a scan of an entity and waits for its outcome. */
export async function scanAndWait(server: any, entityRef: string) {
  const post = await request(server)
    .post('/api/platform-kit/scans')
    .set('Authorization', user())
    .send({ entityRef });
  return waitForScan(server, post.body.scanId);
}

/** Scans an entity before its tests: throws unless the scan succeeds. */
export async function firstScan(server: any, entityRef: string) {
  const scan = await scanAndWait(server, entityRef);
  if (scan.status !== 'succeeded')
    throw new Error(`the first scan failed: ${scan.error}`);
}

/**
 * A catalog that knows (and lets the caller read) exactly these entities.
 *
 * @public
 */
export function catalogWith(...entityRefs: string[]) {
  return catalogServiceMock.factory({
    entities: entityRefs.map(ref => {
      const [kind, rest] = ref.split(':');
      const [namespace, name] = rest.split('/');
      return {
        apiVersion: 'backstage.io/v1alpha1',
        kind: kind.charAt(0).toUpperCase() + kind.slice(1),
        metadata: { name, namespace },
        spec: { owner: 'group:default/team' },
      };
    }),
  });
}
