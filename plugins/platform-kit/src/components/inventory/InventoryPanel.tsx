import { useCallback, useEffect, useMemo, useState } from 'react';
import useDebounce from 'react-use/esm/useDebounce';
import { useApi } from '@backstage/core-plugin-api';
import {
  Entity,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { useEntity } from '@backstage/plugin-catalog-react';
import { EmptyState, Progress } from '@backstage/core-components';
import { Box, Tab, Tabs, TextField, Typography } from '@material-ui/core';
import { platformKitApiRef } from '../../api/PlatformKitApi';
import { InventoryError } from './InventoryError';
import { InventoryTree } from './InventoryTree';
import { RepositoryFacts } from './RepositoryFacts';
import { ConnectorInventory } from './ConnectorInventory';
import { IngestedItem } from './IngestedItem';
import { ingestedSource, isConnectorInventory } from './connectorItems';
import { SectionList } from './SectionList';
import { KIND_LABELS, plural } from './describe';
import {
  buildTreeRows,
  countBySchema,
  filterRelations,
  KindFilter,
  RlsFilter,
  TreeRow,
  tableKey,
} from './treeRows';
import {
  MAX_TABLES,
  useRelations,
  useSchemas,
  useTableDetails,
} from './useInventory';

export interface InventoryPanelProps {
  entityRef: string;
  /** The entity (else the one of the surrounding EntityProvider, when it is this one). */
  entity?: Entity;
  /** Rows fetched per request (the API allows up to 500). */
  pageSize?: number;
  /** Delay before a search is sent (ms). */
  debounceMs?: number;
}

type View = 'tables' | 'functions' | 'extensions';

const VIEWS: { id: View; label: string; placeholder: string }[] = [
  { id: 'tables', label: 'Schemas and tables', placeholder: 'Table name' },
  { id: 'functions', label: 'Functions', placeholder: 'Function name' },
  { id: 'extensions', label: 'Extensions', placeholder: 'Extension name' },
];

function entityName(entityRef: string) {
  try {
    return parseEntityRef(entityRef).name;
  } catch {
    return entityRef;
  }
}

/** The entity of the surrounding EntityProvider, if there is one. */
function useContextEntity(): Entity | undefined {
  try {
    // Always the same hooks in the same order; only the throw is caught.
    return useEntity().entity;
  } catch {
    return undefined;
  }
}

function sameRef(entity: Entity, entityRef: string) {
  try {
    return (
      stringifyEntityRef(entity).toLocaleLowerCase('en-US') ===
      stringifyEntityRef(parseEntityRef(entityRef)).toLocaleLowerCase('en-US')
    );
  } catch {
    return false;
  }
}

/**
 * The inventory of an entity: an entity ingested from a connector shows its
 * item in the connector's inventory; other entities their latest scan's
 * inventory (database, repository facts or a connector's items).
 */
export function InventoryPanel(props: InventoryPanelProps) {
  const contextEntity = useContextEntity();
  const entity =
    props.entity ??
    (contextEntity && sameRef(contextEntity, props.entityRef)
      ? contextEntity
      : undefined);
  const ingested = ingestedSource(entity?.metadata.annotations);
  if (ingested) return <IngestedItem {...ingested} />;
  return <ScannedInventory {...props} />;
}

/**
 * The inventory of an entity's latest scan: project → schemas → tables and
 * views → columns, policies and indexes, as a virtualised tree (thousands of
 * tables stay fast); functions and extensions as lists. Tables are searched
 * on the server and filtered by kind and RLS. Repositories show their facts.
 */
function ScannedInventory(props: InventoryPanelProps) {
  const { entityRef, pageSize = 500, debounceMs = 300 } = props;
  const api = useApi(platformKitApiRef);
  const [view, setView] = useState<View>('tables');
  const [search, setSearch] = useState('');
  const [q, setQ] = useState('');
  const [kind, setKind] = useState<KindFilter>('');
  const [rls, setRls] = useState<RlsFilter>('');
  const [toggles, setToggles] = useState<Map<string, boolean>>(() => new Map());

  useDebounce(() => setQ(search.trim()), debounceMs, [search]);
  useEffect(() => setToggles(new Map()), [entityRef]);

  const state = useRelations(api, entityRef, q, pageSize);
  // Asked for once the entity turns out to have a database inventory (a
  // connector's would otherwise come twice).
  const schemas = useSchemas(api, entityRef, state.database === true);
  const { details, load } = useTableDetails(api, entityRef);

  const filtering = Boolean(q || kind || rls);
  const shown = useMemo(
    () => filterRelations(state.relations, { kind, rls }),
    [state.relations, kind, rls],
  );
  const unfilteredCounts = useMemo(
    () => countBySchema(state.relations),
    [state.relations],
  );
  const schemaItems = schemas.value;
  const rows = useMemo(
    () =>
      buildTreeRows({
        project: entityName(entityRef),
        schemas: schemaItems ?? [],
        relations: shown,
        unfilteredCounts,
        details,
        toggles,
        expandSchemas: filtering || (schemaItems?.length ?? 0) === 1,
        hideEmptySchemas: filtering,
      }),
    [
      entityRef,
      schemaItems,
      shown,
      unfilteredCounts,
      details,
      toggles,
      filtering,
    ],
  );

  const onToggle = useCallback(
    (row: TreeRow, expanded: boolean) => {
      setToggles(prev => new Map(prev).set(row.key, expanded));
      if (row.type === 'table' && expanded) {
        const known = details.get(
          tableKey(row.relation.schema, row.relation.name),
        );
        if (!known || known.status === 'error') load(row.relation);
      }
    },
    [details, load],
  );
  const onRetry = useCallback(
    (row: TreeRow) => {
      if (row.type === 'status') load(row.relation);
    },
    [load],
  );

  if (state.facts)
    return isConnectorInventory(state.facts) ? (
      <ConnectorInventory response={state.facts} />
    ) : (
      <RepositoryFacts response={state.facts} />
    );

  const view_ = VIEWS.find(v => v.id === view)!;
  const first = state.loading && state.relations.length === 0 && !state.error;
  let body;
  if (view !== 'tables') {
    body = (
      <SectionList
        api={api}
        entityRef={entityRef}
        section={view}
        q={q}
        pageSize={pageSize}
      />
    );
  } else if (state.error) {
    body = <InventoryError error={state.error} />;
  } else if (first || schemas.loading) {
    body = <Progress />;
  } else if (shown.length === 0 && (filtering || !schemaItems?.length)) {
    body = (
      <EmptyState
        missing="data"
        title={filtering ? 'No table matches' : 'Nothing in this inventory'}
        description={
          filtering
            ? 'No table or view matches the search and filters.'
            : 'The latest scan found no schemas or tables outside the managed schemas.'
        }
      />
    );
  } else {
    body = (
      <>
        <Typography variant="caption" color="textSecondary" component="p">
          {plural(shown.length, 'table or view', 'tables and views')}
          {shown.length !== state.relations.length
            ? ` (of ${state.relations.length} found)`
            : ''}
          {state.total > state.relations.length
            ? ` · only the first ${MAX_TABLES.toLocaleString(
                'en-US',
              )} of ${state.total.toLocaleString(
                'en-US',
              )} are loaded, search to narrow them`
            : ''}
          {state.capturedAt
            ? ` · captured ${new Date(state.capturedAt).toLocaleString()}`
            : ''}
        </Typography>
        {state.loading && <Progress />}
        <InventoryTree
          rows={rows}
          label={`Inventory of ${entityName(entityRef)}`}
          onToggle={onToggle}
          onRetry={onRetry}
        />
      </>
    );
  }

  return (
    <Box>
      <Tabs
        value={view}
        onChange={(_e, value) => setView(value)}
        variant="scrollable"
        scrollButtons="auto"
        aria-label="Inventory sections"
      >
        {VIEWS.map(v => (
          <Tab key={v.id} value={v.id} label={v.label} />
        ))}
      </Tabs>
      <Box display="flex" alignItems="flex-end" flexWrap="wrap" my={2}>
        <Box mr={2} flexGrow={1} minWidth={200}>
          <TextField
            id="platform-kit-inventory-search"
            label="Search"
            type="search"
            placeholder={view_.placeholder}
            value={search}
            onChange={e => setSearch(e.target.value)}
            fullWidth
          />
        </Box>
        {view === 'tables' && (
          <>
            <Box mr={2} minWidth={180}>
              <TextField
                select
                id="platform-kit-inventory-kind"
                label="Kind"
                value={kind}
                onChange={e => setKind(e.target.value as KindFilter)}
                SelectProps={{ native: true }}
                InputLabelProps={{ shrink: true }}
                fullWidth
              >
                <option value="">All kinds</option>
                {Object.entries(KIND_LABELS).map(([id, label]) => (
                  <option key={id} value={id}>
                    {label}
                  </option>
                ))}
              </TextField>
            </Box>
            <Box minWidth={160}>
              <TextField
                select
                id="platform-kit-inventory-rls"
                label="Row level security"
                value={rls}
                onChange={e => setRls(e.target.value as RlsFilter)}
                SelectProps={{ native: true }}
                InputLabelProps={{ shrink: true }}
                fullWidth
              >
                <option value="">Any</option>
                <option value="enabled">RLS enabled</option>
                <option value="disabled">RLS disabled</option>
              </TextField>
            </Box>
          </>
        )}
      </Box>
      {body}
    </Box>
  );
}
