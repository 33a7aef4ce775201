import { AuthService, DiscoveryService } from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import {
  normalizeEntityRef,
  PlatformKitApiError,
} from '@platform-kit/plugin-platform-kit-common';
import { platformKitClient } from './platformKit';
import { examples } from './scanTrigger.examples';
import { waitForCatalogEntity } from './waitForCatalogEntity';

/** @public */
export const SCAN_TRIGGER_ACTION_ID = 'platform-kit:scan:trigger';

const DEFAULT_TIMEOUT_SECONDS = 120;
const MAX_TIMEOUT_SECONDS = 3600;

function normaliseEntityRef(ref: unknown): string {
  try {
    if (typeof ref !== 'string') throw new Error('not a string');
    return normalizeEntityRef(ref);
  } catch {
    throw new InputError(
      `entityRef ${JSON.stringify(
        ref,
      )} is not an entity ref; give kind:namespace/name, e.g. component:default/shop`,
    );
  }
}

/** The control plane's refusal in words a template author can act on. */
function explain(entityRef: string, error: unknown): unknown {
  if (!PlatformKitApiError.is(error)) return error;
  const { status, message } = error;
  if (status === 0)
    return new Error(`Platform Kit did not scan ${entityRef}: ${message}`);
  if (status === 404 && message.includes('No Platform Kit target'))
    return new Error(
      `Platform Kit cannot scan ${entityRef}: ${message}. Add a target for it under platformKit.targets, or enable repository discovery (platformKit.discovery.repositories.enabled: true) and give the entity a github.com/project-slug annotation`,
    );
  if (status === 403)
    return new Error(
      `The user who started the task may not scan ${entityRef}: ${message}`,
    );
  return new Error(
    `Platform Kit did not scan ${entityRef}: ${message} (HTTP ${status})`,
  );
}

/**
 * Waits until the new entity is in the catalog, then asks the Platform Kit
 * control plane to scan it, both as the user who started the task. A re-run
 * of the task does not scan again.
 *
 * @public
 */
export function createScanTriggerAction(deps: {
  discovery: DiscoveryService;
  auth: AuthService;
  catalog: CatalogService;
  /** First pause between catalog reads (default 1 s), doubling up to `maxPollIntervalMs`. */
  pollIntervalMs?: number;
  /** Longest pause between catalog reads (default 10 s). */
  maxPollIntervalMs?: number;
}) {
  return createTemplateAction({
    id: SCAN_TRIGGER_ACTION_ID,
    description:
      'Waits until an entity is in the catalog (e.g. after catalog:register), then asks Platform Kit to scan it, on behalf of the user who started the task.',
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        entityRef: z =>
          z.string({
            description:
              'The entity to scan, e.g. component:default/shop (catalog:register outputs it as entityRef)',
          }),
        timeoutSeconds: z =>
          z
            .number({
              description: `How long to wait for the entity in the catalog (default ${DEFAULT_TIMEOUT_SECONDS})`,
            })
            .positive()
            .max(MAX_TIMEOUT_SECONDS)
            .optional(),
      },
      output: {
        scanIds: z =>
          z.array(z.string(), {
            description:
              'The scans requested: the entity and what it depends on that has a target',
          }),
      },
    },
    async handler(ctx) {
      const entityRef = normaliseEntityRef(ctx.input.entityRef);
      // The scaffolder checks the input against the schema before the handler runs.
      const timeoutSeconds =
        ctx.input.timeoutSeconds ?? DEFAULT_TIMEOUT_SECONDS;
      if (ctx.isDryRun) {
        ctx.logger.info(
          `Dry run: would wait up to ${timeoutSeconds} s for ${entityRef} in the catalog, then ask Platform Kit to scan it`,
        );
        ctx.output('scanIds', []);
        return;
      }
      const credentials = await ctx.getInitiatorCredentials();
      const client = platformKitClient(deps, credentials, ctx.signal);
      const scanIds = await ctx.checkpoint({
        key: `platform-kit-scan-${entityRef}`,
        fn: async () => {
          await waitForCatalogEntity({
            catalog: deps.catalog,
            entityRef,
            credentials,
            timeoutMs: timeoutSeconds * 1000,
            signal: ctx.signal,
            logger: ctx.logger,
            intervalMs: deps.pollIntervalMs ?? 1000,
            maxIntervalMs: deps.maxPollIntervalMs ?? 10_000,
          });
          ctx.logger.info(`${entityRef} is in the catalog; requesting a scan`);
          try {
            return (await client.requestScan({ entityRef })).scanIds;
          } catch (error) {
            throw explain(entityRef, error);
          }
        },
      });
      ctx.logger.info(
        `Platform Kit queued ${
          scanIds.length
        } scan(s) for ${entityRef}: ${scanIds.join(', ')}`,
      );
      ctx.output('scanIds', scanIds);
    },
  });
}
