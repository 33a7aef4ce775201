import { useMemo } from 'react';
import useAsync from 'react-use/esm/useAsync';
import { useApi } from '@backstage/core-plugin-api';
import { EmptyState, Progress } from '@backstage/core-components';
import { Box, Grid, Typography } from '@material-ui/core';
import { platformKitApiRef } from '../../api/PlatformKitApi';
import { ConnectorStatus } from '../../api/types';
import { errorMessage } from '../../api/errors';
import { HealthSummary } from './ConnectorHealth';
import {
  AttributesTable,
  RelationsList,
  SourceLink,
} from './ConnectorItemDetails';
import { InventoryError } from './InventoryError';
import { StatusText } from './StatusText';
import {
  displayName,
  formatTime,
  referencedBy,
  resolveRelations,
  typeLabel,
} from './connectorItems';

const RUN_STATUS: Record<string, 'ok' | 'error' | 'pending'> = {
  succeeded: 'ok',
  failed: 'error',
  queued: 'pending',
  running: 'pending',
};

/** Where the connector stands: last run, last good inventory, contracts, ingestion, health. */
function ConnectorRuns(props: { status: ConnectorStatus }) {
  const { status } = props;
  const { lastRun, lastGood, contracts, ingestion } = status;
  return (
    <Box>
      <Typography variant="subtitle1" component="h3">
        Connector {status.id}
        {status.connector ? ` (${status.connector})` : ''}
      </Typography>
      <Typography variant="body2" component="div">
        <ul aria-label="Connector runs" style={{ paddingLeft: 16 }}>
          <li>
            Last run:{' '}
            {lastRun ? (
              <>
                <StatusText status={RUN_STATUS[lastRun.status] ?? 'warning'}>
                  {lastRun.status}
                </StatusText>{' '}
                {formatTime(lastRun.at)}
                {lastRun.error ? ` — ${lastRun.error}` : ''}
              </>
            ) : (
              'never'
            )}
          </li>
          <li>
            Last good inventory:{' '}
            {lastGood
              ? `${formatTime(lastGood.capturedAt)} (${lastGood.items} items)`
              : 'none yet'}
          </li>
          {contracts && (
            <li>
              Contract tests:{' '}
              {contracts.passed ? (
                <StatusText status="ok">passed</StatusText>
              ) : (
                <StatusText status="error">
                  failed{contracts.failed.length ? ': ' : ''}
                  {contracts.failed.join(', ')}
                </StatusText>
              )}
            </li>
          )}
          {ingestion && (
            <li>
              Catalog ingestion: {ingestion.status} ({ingestion.entities}{' '}
              entities) {formatTime(ingestion.at)}
              {ingestion.reason ? ` — ${ingestion.reason}` : ''}
            </li>
          )}
        </ul>
      </Typography>
      <HealthSummary health={status.health} />
    </Box>
  );
}

/**
 * An entity ingested from a connector: its item in the connector's last good
 * inventory (details, relations by name, link to the source) and how the
 * connector is doing.
 */
export function IngestedItem(props: {
  connectorId: string;
  sourceId: string;
  sourceType?: string;
}) {
  const { connectorId, sourceId, sourceType } = props;
  const api = useApi(platformKitApiRef);
  const inventory = useAsync(
    () => api.getConnectorInventory(connectorId),
    [api, connectorId],
  );
  const connectors = useAsync(() => api.listConnectors(), [api]);

  const found = useMemo(() => {
    const items = inventory.value?.items ?? [];
    const byId = new Map(items.map(i => [i.id, i]));
    const item =
      items.find(
        i => i.id === sourceId && (!sourceType || i.type === sourceType),
      ) ?? items.find(i => i.id === sourceId);
    if (!item) return undefined;
    return {
      item,
      relations: resolveRelations(item, byId),
      incoming: referencedBy(item, items).map(r => ({
        type: r.type,
        target: displayName(r.from),
        targetType: r.from.type,
      })),
    };
  }, [inventory.value, sourceId, sourceType]);

  if (inventory.loading) return <Progress />;
  if (inventory.error) return <InventoryError error={inventory.error} />;
  const res = inventory.value!;
  const product = res.source?.product ?? res.connector ?? connectorId;
  const status = connectors.value?.items.find(c => c.id === connectorId);

  let connectorPart;
  if (connectors.loading) connectorPart = <Progress />;
  else if (connectors.error)
    connectorPart = (
      <Typography variant="body2" color="error">
        Could not load the connector's status: {errorMessage(connectors.error)}
      </Typography>
    );
  else if (!status)
    connectorPart = (
      <Typography variant="body2" color="textSecondary">
        No status for connector {connectorId}.
      </Typography>
    );
  else connectorPart = <ConnectorRuns status={status} />;

  return (
    <Grid container spacing={3}>
      <Grid item xs={12} md={7}>
        {found ? (
          <Box>
            <Typography variant="h6" component="h2">
              {displayName(found.item)}
            </Typography>
            <Typography variant="caption" color="textSecondary" component="p">
              {typeLabel(found.item.type, 1)} <code>{found.item.name}</code> in{' '}
              {product}
              {res.source?.version ? ` ${res.source.version}` : ''} · captured{' '}
              {formatTime(res.capturedAt)}
            </Typography>
            {found.item.description && (
              <Typography variant="body2" paragraph>
                {found.item.description}
              </Typography>
            )}
            <Typography variant="body2" component="div">
              {found.item.owner ? <div>Owner: {found.item.owner}</div> : null}
              {found.item.tags?.length ? (
                <div>Tags: {found.item.tags.join(', ')}</div>
              ) : null}
            </Typography>
            <Box my={1}>
              <SourceLink item={found.item} product={product} />
            </Box>
            <AttributesTable item={found.item} max={200} />
            <RelationsList
              label={`Relations of ${displayName(found.item)}`}
              relations={found.relations}
              max={200}
            />
            {found.incoming.length > 0 && (
              <Box mt={1}>
                <Typography variant="subtitle2" component="h4">
                  Used by ({found.incoming.length})
                </Typography>
                <ul
                  aria-label={`Items that refer to ${displayName(found.item)}`}
                  style={{ margin: 0, paddingLeft: 16 }}
                >
                  {found.incoming.slice(0, 200).map((r, i) => (
                    <li key={i}>
                      <Typography variant="body2" component="span">
                        {r.target} ({typeLabel(r.targetType, 1)}) — {r.type}
                      </Typography>
                    </li>
                  ))}
                </ul>
              </Box>
            )}
          </Box>
        ) : (
          <EmptyState
            missing="data"
            title="Not in the connector's inventory"
            description={`Item ${sourceId} is not in the inventory of ${connectorId} captured ${
              formatTime(res.capturedAt) ?? ''
            }; it may have been removed from ${product}.`}
          />
        )}
      </Grid>
      <Grid item xs={12} md={5}>
        {connectorPart}
      </Grid>
    </Grid>
  );
}
