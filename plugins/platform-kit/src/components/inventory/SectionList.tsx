import { CSSProperties, useEffect, useRef, useState } from 'react';
import { List, RowComponentProps } from 'react-window';
import { EmptyState, Progress } from '@backstage/core-components';
import { Box, Button, Typography } from '@material-ui/core';
import { PlatformKitApi } from '../../api/PlatformKitApi';
import {
  describeExtension,
  describeFunction,
  ExtensionItem,
  FunctionItem,
  plural,
} from './describe';
import { InventoryError } from './InventoryError';
import { pageLimit } from './useInventory';

export type ListSection = 'functions' | 'extensions';

const ROW_HEIGHT = 52;
const LIST_HEIGHT = 480;

type Item = Record<string, unknown>;
type RowProps = { items: Item[]; section: ListSection };

function describe(section: ListSection, item: Item) {
  return section === 'functions'
    ? describeFunction(item as FunctionItem)
    : describeExtension(item as ExtensionItem);
}

function SectionRow(props: RowComponentProps<RowProps>) {
  const { index, style, items, section, ariaAttributes } = props;
  const { primary, secondary } = describe(section, items[index]);
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

interface State {
  loading: boolean;
  error?: Error;
  items: Item[];
  total: number;
}

const LABELS: Record<ListSection, { one: string; title: string }> = {
  functions: { one: 'function', title: 'Functions' },
  extensions: { one: 'extension', title: 'Extensions' },
};

/** Functions or extensions: searched and paged through the API, rows virtualised. */
export function SectionList(props: {
  api: PlatformKitApi;
  entityRef: string;
  section: ListSection;
  q: string;
  pageSize: number;
}) {
  const { api, entityRef, section, q, pageSize } = props;
  const [state, setState] = useState<State>({
    loading: true,
    items: [],
    total: 0,
  });
  const request = useRef(0);
  const limit = pageLimit(pageSize);

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
        offset,
        limit,
      });
      if (id !== request.current) return;
      const page = res as { items?: Item[]; total?: number };
      setState(prev => ({
        loading: false,
        items: [...(offset === 0 ? [] : prev.items), ...(page.items ?? [])],
        total: page.total ?? 0,
      }));
    } catch (e) {
      if (id !== request.current) return;
      setState(prev => ({ ...prev, loading: false, error: e as Error }));
    }
  };

  useEffect(() => {
    load(0);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [api, entityRef, section, q, limit]);

  const { one, title } = LABELS[section];
  if (state.error) return <InventoryError error={state.error} />;
  if (state.loading && state.items.length === 0) return <Progress />;
  if (state.items.length === 0)
    return (
      <EmptyState
        missing="data"
        title={q ? `No ${one} matches “${q}”` : `No ${one}s`}
        description={
          q
            ? 'Try another name.'
            : `The latest scan found no ${one}s outside the managed schemas.`
        }
      />
    );
  return (
    <Box>
      <Typography variant="caption" color="textSecondary" component="p">
        {state.items.length < state.total
          ? `Showing ${state.items.length} of ${plural(state.total, one)}`
          : plural(state.total, one)}
      </Typography>
      <List
        aria-label={title}
        rowComponent={SectionRow}
        rowCount={state.items.length}
        rowHeight={ROW_HEIGHT}
        rowProps={{ items: state.items, section }}
        defaultHeight={LIST_HEIGHT}
        overscanCount={5}
        style={{
          height: Math.min(LIST_HEIGHT, state.items.length * ROW_HEIGHT + 2),
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
    </Box>
  );
}
