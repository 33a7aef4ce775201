import express from 'express';
import { z } from 'zod';
import {
  BackstageCredentials,
  HttpAuthService,
} from '@backstage/backend-plugin-api';
import { NotFoundError } from '@backstage/errors';
import { Knex } from 'knex';
import { ScanTarget } from '../scan/ScanService';
import {
  connectorStatuses,
  lastGoodConnectorInventory,
  recordIngestion,
} from '../store/connectorStore';

export interface ConnectorRoutesOptions {
  knex: Knex;
  httpAuth: HttpAuthService;
  /** The current targets (discovered ones come and go). */
  targets: () => ScanTarget[];
  /** parity.read; resolves to the caller's credentials. */
  authorizeRead(req: express.Request): Promise<BackstageCredentials>;
  visibleEntities(
    credentials: BackstageCredentials,
  ): Promise<Set<string> | 'all'>;
  canReadEntity(
    entityRef: string,
    credentials: BackstageCredentials,
  ): Promise<boolean>;
  parse<T>(schema: z.ZodType<T>, input: unknown, what: string): T;
}

const connectorId = z.object({
  connectorId: z
    .string()
    .regex(/^[a-z0-9][a-z0-9-]*$/, 'must be a connector id'),
});
const ingestionReport = z.object({
  status: z.enum(['applied', 'kept', 'failed']),
  entities: z.number().int().min(0),
  reason: z.string().max(2000).optional(),
});

/**
 * Targets and connectors for the catalog module and for people: what is
 * configured (never a secret), where each connector stands, the inventory of
 * its last good run, and what the catalog made of it.
 */
export function addConnectorRoutes(
  router: express.Router,
  options: ConnectorRoutesOptions,
) {
  const { knex, targets, parse } = options;
  const connectors = () => targets().filter(t => t.config.kind === 'connector');
  const visibleTo = async (credentials: BackstageCredentials) => {
    const visible = await options.visibleEntities(credentials);
    return (t: ScanTarget) =>
      visible === 'all' || visible.has(t.record.entityRef);
  };
  const connectorById = async (req: express.Request) => {
    const { connectorId: id } = parse(connectorId, req.params, 'connector');
    const credentials = await options.authorizeRead(req);
    const target = connectors().find(t => t.config.id === id);
    if (
      !target ||
      !(await options.canReadEntity(target.record.entityRef, credentials))
    )
      throw new NotFoundError(`No connector ${id}, or no access to it`);
    return target;
  };

  router.get('/targets', async (req, res) => {
    const visible = await visibleTo(await options.authorizeRead(req));
    res.json({
      items: targets()
        .filter(visible)
        .map(t => ({
          id: t.config.id,
          kind: t.config.kind,
          entityRef: t.record.entityRef,
          ...(t.discovered
            ? {
                discovered: true,
                repository: `${t.discovered.github.host}/${t.discovered.github.owner}/${t.discovered.github.repo}`,
              }
            : {}),
          ...(t.config.kind === 'connector'
            ? { connector: t.config.connector }
            : {}),
          ...(t.config.kind === 'supabase-project' && t.config.exposedSchemas
            ? { exposedSchemas: t.config.exposedSchemas }
            : {}),
        })),
    });
  });

  router.get('/connectors', async (req, res) => {
    const visible = await visibleTo(await options.authorizeRead(req));
    const shown = connectors().filter(visible);
    const statuses = await connectorStatuses(
      knex,
      shown.map(t => t.record.id),
    );
    res.json({
      items: shown.map(t => {
        const { targetId, ...status } = statuses.get(t.record.id)!;
        return {
          id: t.config.id,
          connector: t.config.kind === 'connector' ? t.config.connector : '',
          entityRef: t.record.entityRef,
          ...status,
        };
      }),
    });
  });

  router.get('/connectors/:connectorId/inventory', async (req, res) => {
    const target = await connectorById(req);
    const good = await lastGoodConnectorInventory(knex, target.record.id);
    if (!good)
      throw new NotFoundError(
        `Connector ${target.config.id} has not had a successful run yet`,
      );
    const { snapshot } = good;
    res.json({
      connectorId: target.config.id,
      connector: snapshot.connector?.kind,
      entityRef: target.record.entityRef,
      scanId: good.scanId,
      capturedAt: snapshot.capturedAt,
      ...(snapshot.source ? { source: snapshot.source } : {}),
      items: snapshot.items ?? [],
    });
  });

  router.post('/connectors/:connectorId/ingestion', async (req, res) => {
    // Only the catalog module (a service) reports ingestion runs.
    await options.httpAuth.credentials(req, { allow: ['service'] });
    const { connectorId: id } = parse(connectorId, req.params, 'connector');
    const target = connectors().find(t => t.config.id === id);
    if (!target) throw new NotFoundError(`No connector ${id}`);
    const report = parse(ingestionReport, req.body, 'ingestion report');
    await recordIngestion(knex, target.record, report);
    res.status(204).end();
  });
}
