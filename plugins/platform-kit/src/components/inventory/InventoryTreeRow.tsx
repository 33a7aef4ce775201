import { CSSProperties, KeyboardEvent, ReactNode } from 'react';
import { RowComponentProps } from 'react-window';
import { Typography } from '@material-ui/core';
import ChevronRight from '@material-ui/icons/ChevronRight';
import ExpandMore from '@material-ui/icons/ExpandMore';
import {
  describeColumn,
  describeIndex,
  describePolicy,
  describeRelation,
  plural,
} from './describe';
import { StatusText } from './StatusText';
import { hasRls, TreeRow } from './treeRows';

export const TREE_ROW_HEIGHT = 52;
const INDENT = 20;

export interface TreeRowProps {
  rows: TreeRow[];
  /** The row that takes Tab (roving tabindex). */
  focusIndex: number;
  onActivate(index: number): void;
  onFocusRow(index: number): void;
  /** Arrows, Home/End, Enter/Space: handled by the tree. */
  onKeyDown(event: KeyboardEvent<HTMLDivElement>): void;
}

const GROUP_LABELS = {
  columns: 'Columns',
  policies: 'Policies',
  indexes: 'Indexes',
};

function RlsStatus(props: { row: Extract<TreeRow, { type: 'table' }> }) {
  const { relation } = props.row;
  if (!hasRls(relation)) return null;
  if (!relation.rlsEnabled)
    return <StatusText status="error">RLS off</StatusText>;
  return (
    <StatusText status="ok">
      {relation.rlsForced ? 'RLS on (forced)' : 'RLS on'}
    </StatusText>
  );
}

/** The name (primary) and the details (secondary) of a row. */
function rowContent(row: TreeRow): {
  primary: ReactNode;
  secondary: ReactNode;
} {
  switch (row.type) {
    case 'project':
      return {
        primary: <strong>{row.label}</strong>,
        secondary: `${plural(row.schemaCount, 'schema')} · ${plural(
          row.tableCount,
          'table or view',
          'tables and views',
        )}`,
      };
    case 'schema': {
      const shown =
        row.tableCount === row.unfilteredCount
          ? plural(row.tableCount, 'table or view', 'tables and views')
          : `${row.tableCount} of ${plural(
              row.unfilteredCount,
              'table or view',
              'tables and views',
            )}`;
      return {
        primary: <code>{row.schema.name}</code>,
        secondary: [
          shown,
          row.schema.exposed ? 'exposed through the API' : '',
          row.schema.owner ? `owner ${row.schema.owner}` : '',
        ]
          .filter(Boolean)
          .join(' · '),
      };
    }
    case 'table':
      return {
        primary: <code>{row.relation.name}</code>,
        secondary: (
          <>
            {describeRelation(row.relation)} <RlsStatus row={row} />
          </>
        ),
      };
    case 'group':
      return {
        primary: `${GROUP_LABELS[row.group]} (${row.count})`,
        secondary:
          row.count === 0 ? `No ${GROUP_LABELS[row.group].toLowerCase()}` : '',
      };
    case 'column':
      return {
        primary: <code>{row.item.name}</code>,
        secondary: describeColumn(row.item),
      };
    case 'policy':
      return {
        primary: <code>{row.item.name}</code>,
        secondary: describePolicy(row.item),
      };
    case 'index':
      return {
        primary: <code>{row.item.name}</code>,
        secondary: describeIndex(row.item),
      };
    case 'status':
    default:
      return row.status === 'error'
        ? {
            primary: <StatusText status="warning">{row.message}</StatusText>,
            secondary: 'Press Enter or click to try again',
          }
        : {
            primary: <StatusText status="pending">{row.message}</StatusText>,
            secondary: '',
          };
  }
}

/** One item of the inventory tree (role="treeitem"), indented by its level. */
export function InventoryTreeRow(props: RowComponentProps<TreeRowProps>) {
  const { index, style, rows, focusIndex, onActivate, onFocusRow, onKeyDown } =
    props;
  const row = rows[index];
  const { primary, secondary } = rowContent(row);
  const rowStyle: CSSProperties = {
    ...style,
    boxSizing: 'border-box',
    display: 'flex',
    alignItems: 'center',
    paddingLeft: 8 + (row.level - 1) * INDENT,
    paddingRight: 16,
    borderBottom: '1px solid rgba(128,128,128,0.2)',
    overflow: 'hidden',
    cursor:
      row.expanded !== undefined || row.type === 'status'
        ? 'pointer'
        : 'default',
  };
  let toggle: ReactNode = <span style={{ width: 24, flexShrink: 0 }} />;
  if (row.expanded !== undefined) {
    const Icon = row.expanded ? ExpandMore : ChevronRight;
    toggle = <Icon fontSize="small" style={{ width: 24, flexShrink: 0 }} />;
  }
  return (
    <div
      role="treeitem"
      aria-level={row.level}
      aria-expanded={row.expanded}
      aria-setsize={row.setSize}
      aria-posinset={row.posInSet}
      aria-selected={index === focusIndex}
      tabIndex={index === focusIndex ? 0 : -1}
      data-tree-index={index}
      data-testid="inventory-row"
      style={rowStyle}
      onClick={() => {
        onFocusRow(index);
        onActivate(index);
      }}
      onFocus={() => onFocusRow(index)}
      onKeyDown={onKeyDown}
    >
      <span aria-hidden="true" style={{ display: 'flex' }}>
        {toggle}
      </span>
      <div style={{ minWidth: 0, flexGrow: 1 }}>
        <Typography variant="body2" noWrap component="div">
          {primary}
        </Typography>
        {secondary ? (
          <Typography
            variant="caption"
            color="textSecondary"
            noWrap
            component="div"
          >
            {secondary}
          </Typography>
        ) : null}
      </div>
    </div>
  );
}
