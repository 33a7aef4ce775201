import { CSSProperties, useEffect, useRef, useState } from 'react';
import useDebounce from 'react-use/esm/useDebounce';
import useAsync from 'react-use/esm/useAsync';
import { List, RowComponentProps } from 'react-window';
import { useApi } from '@backstage/core-plugin-api';
import {
  EmptyState,
  Progress,
  ResponseErrorPanel,
  StatusError,
  StatusOK,
  StatusWarning,
} from '@backstage/core-components';
import { ResponseError } from '@backstage/errors';
import {
  Box,
  Button,
  List as MuiList,
  ListItem,
  ListItemText,
  Tab,
  Tabs,
  TextField,
  Typography,
} from '@material-ui/core';
import { platformKitApiRef } from '../../api/PlatformKitApi';
import { InventorySection } from '../../api/types';
import { errorMessage } from '../../api/errors';

export interface InventoryPanelProps {
  entityRef: string;
  /** Rows fetched per request (the API allows up to 500). */
  pageSize?: number;
  /** Delay before a search is sent (ms). */
  debounceMs?: number;
}

type Item = Record<string, unknown>;

const SECTIONS: { id: InventorySection; label: string }[] = [
  { id: 'relations', label: 'Relations' },
  { id: 'columns', label: 'Columns' },
  { id: 'policies', label: 'Policies' },
  { id: 'indexes', label: 'Indexes' },
  { id: 'functions', label: 'Functions' },
  { id: 'extensions', label: 'Extensions' },
  { id: 'schemas', label: 'Schemas' },
];

const ROW_HEIGHT = 56;
const LIST_HEIGHT = 480;

const str = (v: unknown) => (v === null || v === undefined ? '' : String(v));
const qualified = (...parts: unknown[]) =>
  parts.map(str).filter(Boolean).join('.');

/** The primary and secondary text of an inventory row, by section. */
export function describeItem(
  section: InventorySection,
  item: Item,
): { primary: string; secondary: string } {
  switch (section) {
    case 'relations':
      return {
        primary: qualified(item.schema, item.name),
        secondary: [
          str(item.kind),
          item.rlsEnabled ? 'RLS enabled' : 'RLS disabled',
          item.estimatedRows !== undefined
            ? `~${str(item.estimatedRows)} rows`
            : '',
        ]
          .filter(Boolean)
          .join(' · '),
      };
    case 'columns':
      return {
        primary: qualified(item.schema, item.table, item.name),
        secondary: [
          str(item.type),
          item.notNull ? 'not null' : '',
          item.default ? `default ${str(item.default)}` : '',
        ]
          .filter(Boolean)
          .join(' · '),
      };
    case 'indexes':
      return {
        primary: qualified(item.schema, item.name),
        secondary: str(item.definition),
      };
    case 'policies':
      return {
        primary: `${str(item.name)} on ${qualified(item.schema, item.table)}`,
        secondary: [
          str(item.command),
          item.permissive === false ? 'restrictive' : 'permissive',
          Array.isArray(item.roles) ? `roles: ${item.roles.join(', ')}` : '',
        ]
          .filter(Boolean)
          .join(' · '),
      };
    case 'functions':
      return {
        primary: `${qualified(item.schema, item.name)}(${str(
          item.identityArguments,
        )})`,
        secondary: [
          str(item.language),
          str(item.volatility),
          item.securityDefiner ? 'security definer' : '',
          item.searchPath ? `search_path=${str(item.searchPath)}` : '',
        ]
          .filter(Boolean)
          .join(' · '),
      };
    case 'extensions':
      return {
        primary: str(item.name),
        secondary: [
          item.schema ? `in ${str(item.schema)}` : '',
          item.installedVersion ? `version ${str(item.installedVersion)}` : '',
        ]
          .filter(Boolean)
          .join(' · '),
      };
    case 'schemas':
    default:
      return {
        primary: str(item.name),
        secondary: [
          item.owner ? `owner ${str(item.owner)}` : '',
          item.exposed ? 'exposed through the API' : '',
        ]
          .filter(Boolean)
          .join(' · '),
      };
  }
}

type RowProps = { items: Item[]; section: InventorySection };

function InventoryRow(props: RowComponentProps<RowProps>) {
  const { index, style, items, section, ariaAttributes } = props;
  const { primary, secondary } = describeItem(section, items[index]);
  const rowStyle: CSSProperties = {
    ...style,
    boxSizing: 'border-box',
    padding: '6px 16px',
    borderBottom: '1px solid rgba(128,128,128,0.2)',
    overflow: 'hidden',
  };
  return (
    <div {...ariaAttributes} style={rowStyle} data-testid="inventory-row">
      <Typography variant="body2" noWrap>
        <code>{primary}</code>
      </Typography>
      <Typography
        variant="caption"
        color="textSecondary"
        noWrap
        component="div"
      >
        {secondary}
      </Typography>
    </div>
  );
}

/** Facts of a repository (spec bundle, CI gates, ...): true, false or unknown. */
function RepositoryFacts(props: { response: Record<string, unknown> }) {
  const facts = (props.response.facts ?? {}) as Record<string, boolean>;
  const unknown = (props.response.unknown ?? []) as string[];
  const evidence = (props.response.evidence ?? {}) as Record<string, string>;
  const keys = [...new Set([...Object.keys(facts), ...unknown])].sort();
  if (keys.length === 0)
    return (
      <EmptyState
        missing="data"
        title="No repository facts"
        description="The latest scan of this repository recorded no facts."
      />
    );
  return (
    <Box>
      <Typography variant="subtitle1">Spec bundle and gates</Typography>
      <MuiList dense aria-label="Repository facts">
        {keys.map(key => {
          const value = key in facts ? facts[key] : undefined;
          let status = <StatusWarning>unknown</StatusWarning>;
          if (value === true) status = <StatusOK>true</StatusOK>;
          if (value === false) status = <StatusError>false</StatusError>;
          return (
            <ListItem key={key}>
              <ListItemText
                primary={
                  <>
                    <code>{key}</code>: {status}
                  </>
                }
                secondary={evidence[key]}
              />
            </ListItem>
          );
        })}
      </MuiList>
    </Box>
  );
}

interface PageState {
  loading: boolean;
  error?: Error;
  items: Item[];
  total: number;
  capturedAt?: string;
  /** Set when the entity has facts instead of a database inventory. */
  facts?: Record<string, unknown>;
}

/**
 * The inventory of an entity's latest scan: one section at a time, searched
 * and paged through the API, rows virtualised so thousands stay fast.
 * Repositories show their facts instead.
 */
export function InventoryPanel(props: InventoryPanelProps) {
  const { entityRef, pageSize = 500, debounceMs = 300 } = props;
  const api = useApi(platformKitApiRef);
  const [section, setSection] = useState<InventorySection>('relations');
  const [search, setSearch] = useState('');
  const [q, setQ] = useState('');
  const [schema, setSchema] = useState('');
  const [state, setState] = useState<PageState>({
    loading: true,
    items: [],
    total: 0,
  });
  const request = useRef(0);

  useDebounce(() => setQ(search.trim()), debounceMs, [search]);

  const schemas = useAsync(async () => {
    const res = await api.getInventory(entityRef, {
      section: 'schemas',
      limit: 500,
    });
    return 'items' in res && Array.isArray(res.items)
      ? (res.items as Item[]).map(s => str(s.name)).filter(Boolean)
      : [];
  }, [api, entityRef]);

  const load = async (offset: number) => {
    const id = ++request.current;
    setState(prev => ({
      ...prev,
      loading: true,
      error: undefined,
      ...(offset === 0 ? { items: [], total: 0 } : {}),
    }));
    try {
      const res = await api.getInventory(entityRef, {
        section,
        q: q || undefined,
        schema: schema || undefined,
        offset,
        limit: pageSize,
      });
      if (id !== request.current) return;
      if ('kind' in res && res.kind) {
        setState({ loading: false, items: [], total: 0, facts: res });
        return;
      }
      const page = res as { items: Item[]; total: number; capturedAt: string };
      setState(prev => ({
        loading: false,
        items: offset === 0 ? page.items : [...prev.items, ...page.items],
        total: page.total,
        capturedAt: page.capturedAt,
      }));
    } catch (e) {
      if (id !== request.current) return;
      setState(prev => ({ ...prev, loading: false, error: e as Error }));
    }
  };

  useEffect(() => {
    load(0);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [api, entityRef, section, q, schema, pageSize]);

  if (state.facts) {
    if (state.facts.kind === 'repository')
      return <RepositoryFacts response={state.facts} />;
    return (
      <EmptyState
        missing="data"
        title="No database inventory"
        description="This entity's results are pushed from CI; there is no database inventory to browse."
      />
    );
  }

  const first = state.loading && state.items.length === 0;
  const notFound =
    state.error &&
    ResponseError.is(state.error) &&
    state.error.statusCode === 404;

  return (
    <Box>
      <Tabs
        value={section}
        onChange={(_e, value) => setSection(value)}
        variant="scrollable"
        scrollButtons="auto"
        aria-label="Inventory sections"
      >
        {SECTIONS.map(s => (
          <Tab key={s.id} value={s.id} label={s.label} />
        ))}
      </Tabs>
      <Box display="flex" alignItems="flex-end" flexWrap="wrap" my={2}>
        <Box mr={2} flexGrow={1} minWidth={200}>
          <TextField
            id="platform-kit-inventory-search"
            label="Search"
            type="search"
            placeholder="Name, table or schema"
            value={search}
            onChange={e => setSearch(e.target.value)}
            fullWidth
          />
        </Box>
        <Box minWidth={180}>
          <TextField
            select
            id="platform-kit-inventory-schema"
            label="Schema"
            value={schema}
            onChange={e => setSchema(e.target.value)}
            SelectProps={{ native: true }}
            InputLabelProps={{ shrink: true }}
            fullWidth
          >
            <option value="">All schemas</option>
            {(schemas.value ?? []).map(name => (
              <option key={name} value={name}>
                {name}
              </option>
            ))}
          </TextField>
        </Box>
      </Box>
      {first && <Progress />}
      {notFound && (
        <EmptyState
          missing="data"
          title="No inventory yet"
          description={errorMessage(state.error!)}
        />
      )}
      {state.error && !notFound && (
        <ResponseErrorPanel
          error={state.error}
          title="Could not load the inventory"
        />
      )}
      {!first && !state.error && state.items.length === 0 && (
        <EmptyState
          missing="data"
          title={q || schema ? 'Nothing matches' : 'Nothing in this section'}
          description={
            q || schema
              ? 'Try another search or schema.'
              : 'The latest scan found nothing of this kind.'
          }
        />
      )}
      {state.items.length > 0 && (
        <>
          <Typography variant="caption" color="textSecondary" component="p">
            Showing {state.items.length} of {state.total}
            {state.capturedAt
              ? ` · captured ${new Date(state.capturedAt).toLocaleString()}`
              : ''}
          </Typography>
          <List
            aria-label={`${
              SECTIONS.find(s => s.id === section)?.label
            } inventory`}
            rowComponent={InventoryRow}
            rowCount={state.items.length}
            rowHeight={ROW_HEIGHT}
            rowProps={{ items: state.items, section }}
            defaultHeight={LIST_HEIGHT}
            overscanCount={5}
            style={{
              height: Math.min(
                LIST_HEIGHT,
                state.items.length * ROW_HEIGHT + 2,
              ),
            }}
          />
          {state.items.length < state.total && (
            <Box mt={1}>
              <Button
                onClick={() => load(state.items.length)}
                disabled={state.loading}
              >
                {state.loading
                  ? 'Loading…'
                  : `Load more (${state.total - state.items.length} left)`}
              </Button>
            </Box>
          )}
        </>
      )}
    </Box>
  );
}
