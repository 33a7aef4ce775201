import { useMemo, useState } from 'react';
import { EmptyState } from '@backstage/core-components';
import { Box, Grid, Tab, Tabs, TextField, Typography } from '@material-ui/core';
import { ConnectorInventoryResponse } from '../../api/types';
import { ContractResults, HealthSummary } from './ConnectorHealth';
import { ConnectorItemList } from './ConnectorItemList';
import {
  formatTime,
  indexItems,
  searchItems,
  typeLabel,
} from './connectorItems';
import { count, plural } from './describe';

const ALL = '*';

/** The inventory of a connector target: source, health, contracts, and its items grouped by type and searchable. */
export function ConnectorInventory(props: {
  response: ConnectorInventoryResponse;
}) {
  const { response } = props;
  const [search, setSearch] = useState('');
  const [type, setType] = useState(ALL);
  const index = useMemo(() => indexItems(response.items ?? []), [response]);
  const found = useMemo(
    () => searchItems(index, search.trim(), type === ALL ? '' : type),
    [index, search, type],
  );
  const product = response.source?.product ?? response.connector?.kind ?? '';
  const total = index.items.length;

  let body;
  if (total === 0)
    body = (
      <EmptyState
        missing="data"
        title="No items"
        description={`The latest run of ${
          response.connector?.id ?? 'this connector'
        } found nothing in ${product || 'its source'}.`}
      />
    );
  else if (found.items.length === 0)
    body = (
      <EmptyState
        missing="data"
        title="No item matches"
        description="No item matches the search and type. Try another name, owner or tag."
      />
    );
  else
    body = (
      <ConnectorItemList
        items={found.items}
        byId={index.byId}
        product={product}
        label={`Items of ${response.connector?.id ?? 'the connector'}`}
      />
    );

  return (
    <Box>
      <Typography variant="h6" component="h2">
        {product}
        {response.source?.version ? ` ${response.source.version}` : ''}
      </Typography>
      <Typography variant="caption" color="textSecondary" component="p">
        Connector {response.connector?.id}
        {response.connector?.kind ? ` (${response.connector.kind})` : ''} ·{' '}
        {plural(total, 'item')}
        {response.capturedAt
          ? ` · captured ${formatTime(response.capturedAt)}`
          : ''}
      </Typography>
      <Grid container spacing={2}>
        <Grid item xs={12} md={6}>
          <HealthSummary health={response.health ?? null} />
        </Grid>
        <Grid item xs={12} md={6}>
          <ContractResults contracts={response.contracts} />
        </Grid>
      </Grid>
      {total > 0 && (
        <>
          <Tabs
            value={type}
            onChange={(_e, value) => setType(value)}
            variant="scrollable"
            scrollButtons="auto"
            aria-label="Item types"
          >
            <Tab value={ALL} label={`All (${count(found.matching)})`} />
            {index.types.map(t => (
              <Tab
                key={t.type}
                value={t.type}
                label={`${typeLabel(t.type)} (${count(
                  found.counts.get(t.type) ?? 0,
                )})`}
              />
            ))}
          </Tabs>
          <Box my={2} maxWidth={480}>
            <TextField
              id="platform-kit-connector-search"
              label="Search items"
              type="search"
              placeholder="Name, title, owner or tag"
              value={search}
              onChange={e => setSearch(e.target.value)}
              fullWidth
            />
          </Box>
          <Typography
            variant="caption"
            color="textSecondary"
            component="p"
            role="status"
          >
            {found.items.length === total
              ? plural(total, 'item')
              : `${count(found.items.length)} of ${plural(total, 'item')}`}
          </Typography>
        </>
      )}
      {body}
    </Box>
  );
}
