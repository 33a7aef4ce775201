import { CSSProperties, useCallback, useMemo, useState } from 'react';
import { List, RowComponentProps } from 'react-window';
import { Box, IconButton, Typography } from '@material-ui/core';
import ExpandMoreIcon from '@material-ui/icons/ExpandMore';
import ChevronRightIcon from '@material-ui/icons/ChevronRight';
import { ConnectorItem } from '../../api/types';
import { ItemDetails, SourceLink } from './ConnectorItemDetails';
import {
  detailsHeight,
  displayName,
  resolveRelations,
  ROW_HEIGHT,
  typeLabel,
} from './connectorItems';
import { plural } from './describe';

const LIST_HEIGHT = 560;

type RowProps = {
  items: ConnectorItem[];
  byId: Map<string, ConnectorItem>;
  expanded: Set<string>;
  onToggle: (id: string) => void;
  product: string;
};

const noWrap: CSSProperties = {
  whiteSpace: 'nowrap',
  overflow: 'hidden',
  textOverflow: 'ellipsis',
};

function ItemRow(props: RowComponentProps<RowProps>) {
  const { index, style, ariaAttributes, items, byId, expanded, onToggle } =
    props;
  const item = items[index];
  const open = expanded.has(item.id);
  const name = displayName(item);
  const detailsId = `connector-item-${index}-details`;
  const relations = item.relations ?? [];
  const tags = item.tags ?? [];
  return (
    <div
      {...ariaAttributes}
      aria-label={name}
      data-testid="connector-item-row"
      style={{
        ...style,
        boxSizing: 'border-box',
        padding: '4px 16px 0 4px',
        borderBottom: '1px solid rgba(128,128,128,0.2)',
        overflow: 'hidden',
      }}
    >
      <Box display="flex" alignItems="center" height={ROW_HEIGHT - 4}>
        <IconButton
          size="small"
          aria-expanded={open}
          aria-controls={open ? detailsId : undefined}
          aria-label={`Details of ${name}`}
          onClick={() => onToggle(item.id)}
        >
          {open ? <ExpandMoreIcon /> : <ChevronRightIcon />}
        </IconButton>
        <Box ml={1} minWidth={0} flexGrow={1}>
          <Typography variant="body2" style={noWrap}>
            <strong>{name}</strong>
            {item.title && item.title !== item.name ? (
              <>
                {' '}
                <code>{item.name}</code>
              </>
            ) : null}
          </Typography>
          <Typography
            variant="caption"
            color="textSecondary"
            component="div"
            style={noWrap}
          >
            {typeLabel(item.type, 1)}
            {item.owner ? ` · owner ${item.owner}` : ''}
            {tags.length ? ` · ${tags.map(t => `#${t}`).join(' ')}` : ''}
            {` · ${plural(relations.length, 'relation')}`}
          </Typography>
        </Box>
        <Box ml={2} flexShrink={0}>
          <SourceLink item={item} product={props.product} />
        </Box>
      </Box>
      {open && (
        <Box pl={5}>
          <ItemDetails
            id={detailsId}
            item={item}
            relations={resolveRelations(item, byId)}
          />
        </Box>
      )}
    </div>
  );
}

/** Connector items as a virtualised list; a row expands to its attributes and relations. */
export function ConnectorItemList(props: {
  items: ConnectorItem[];
  byId: Map<string, ConnectorItem>;
  product: string;
  label: string;
}) {
  const { items, byId, product, label } = props;
  const [expanded, setExpanded] = useState<Set<string>>(() => new Set());
  const onToggle = useCallback(
    (id: string) =>
      setExpanded(prev => {
        const next = new Set(prev);
        if (!next.delete(id)) next.add(id);
        return next;
      }),
    [],
  );
  const rowHeight = useCallback((index: number, rowProps: RowProps) => {
    const item = rowProps.items[index];
    return (
      ROW_HEIGHT + (rowProps.expanded.has(item.id) ? detailsHeight(item) : 0)
    );
  }, []);
  const rowKey = useCallback(
    (index: number, rowProps: RowProps) => rowProps.items[index].id,
    [],
  );
  const height = useMemo(() => {
    if (items.length * ROW_HEIGHT >= LIST_HEIGHT) return LIST_HEIGHT;
    let sum = 2;
    for (const item of items)
      sum += ROW_HEIGHT + (expanded.has(item.id) ? detailsHeight(item) : 0);
    return Math.min(LIST_HEIGHT, sum);
  }, [items, expanded]);
  return (
    <List
      aria-label={label}
      rowComponent={ItemRow}
      rowCount={items.length}
      rowHeight={rowHeight}
      rowKey={rowKey}
      rowProps={{ items, byId, expanded, onToggle, product }}
      defaultHeight={LIST_HEIGHT}
      overscanCount={5}
      style={{ height }}
    />
  );
}
