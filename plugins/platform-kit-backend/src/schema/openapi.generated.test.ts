import { createValidatedOpenApiRouter } from '@backstage/backend-openapi-utils';
import { MiddlewareFactory } from '@backstage/backend-defaults/rootHttpRouter';
import { mockServices } from '@backstage/backend-test-utils';
import express from 'express';
import request from 'supertest';
import { loadOpenApiDocument } from './openApiDocument';
import { spec } from './openapi.generated';

describe('the generated spec module', () => {
  it('is the OpenAPI document (./kit api:generate after every change)', () => {
    expect(spec).toEqual(loadOpenApiDocument());
  });

  it("types and validates a router with Backstage's OpenAPI utilities", async () => {
    const router = createValidatedOpenApiRouter<typeof spec>(spec);
    router.get('/health', (_req, res) => {
      res.json({ status: 'ok' });
    });
    router.post('/scans', (req, res) => {
      // typed by the document: the body is a ScanRequest
      const entityRef: string = req.body.entityRef;
      res.status(202).json({ scanId: entityRef, scanIds: [entityRef] });
    });
    const app = express();
    app.use(router);
    app.use(
      MiddlewareFactory.create({
        config: mockServices.rootConfig(),
        logger: mockServices.logger.mock(),
      }).error(),
    );

    await request(app).get('/health').expect(200, { status: 'ok' });
    await request(app)
      .post('/scans')
      .send({ entityRef: 'component:default/shop' })
      .expect(202);
    const bad = await request(app).post('/scans').send({ ref: 'x' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toMatch(/entityRef/);
    const unknown = await request(app).get('/jobs?nope=1');
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.message).toMatch(/nope/);
    // The validator compiles the whole document on the first request.
  }, 30_000);
});
