import { KeyboardEvent, useCallback, useEffect, useRef, useState } from 'react';
import { List, useListRef } from 'react-window';
import {
  InventoryTreeRow,
  TREE_ROW_HEIGHT,
  TreeRowProps,
} from './InventoryTreeRow';
import { childOrParent, TreeRow } from './treeRows';

const TREE_HEIGHT = 520;

export interface InventoryTreeProps {
  rows: TreeRow[];
  label: string;
  /** Expand (true) or collapse (false) a row. */
  onToggle(row: TreeRow, expanded: boolean): void;
  /** Load again what failed (a status row). */
  onRetry(row: TreeRow): void;
}

/**
 * The flattened tree as a virtualised list: only the rows in view are in
 * the DOM. Keyboard as in the ARIA tree pattern: arrows move and expand or
 * collapse, Home/End jump, Enter/Space toggle; one row takes Tab.
 */
export function InventoryTree(props: InventoryTreeProps) {
  const { rows, label, onToggle, onRetry } = props;
  const listRef = useListRef(null);
  const [focusIndex, setFocusIndex] = useState(0);
  const [range, setRange] = useState({ start: 0, stop: -1, visible: 0 });
  /** The row to focus once it is rendered. */
  const pendingFocus = useRef<number | null>(null);
  const focus = Math.max(0, Math.min(focusIndex, rows.length - 1));

  const tryFocus = useCallback(() => {
    if (pendingFocus.current === null) return;
    const element = listRef.current?.element?.querySelector<HTMLElement>(
      `[data-tree-index="${pendingFocus.current}"]`,
    );
    if (element) {
      pendingFocus.current = null;
      element.focus();
    }
  }, [listRef]);
  useEffect(tryFocus);

  const moveTo = (index: number) => {
    if (rows.length === 0) return;
    const next = Math.max(0, Math.min(index, rows.length - 1));
    pendingFocus.current = next;
    setFocusIndex(next);
    listRef.current?.scrollToRow({ index: next, align: 'auto' });
    tryFocus();
  };

  const activate = (index: number) => {
    const row = rows[index];
    if (!row) return;
    if (row.expanded !== undefined) onToggle(row, !row.expanded);
    else if (row.type === 'status' && row.status === 'error') onRetry(row);
  };

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const row = rows[focus];
    if (!row) return;
    const page = Math.max(1, Math.floor(TREE_HEIGHT / TREE_ROW_HEIGHT) - 1);
    switch (event.key) {
      case 'ArrowDown':
        moveTo(focus + 1);
        break;
      case 'ArrowUp':
        moveTo(focus - 1);
        break;
      case 'PageDown':
        moveTo(focus + page);
        break;
      case 'PageUp':
        moveTo(focus - page);
        break;
      case 'Home':
        moveTo(0);
        break;
      case 'End':
        moveTo(rows.length - 1);
        break;
      case 'ArrowRight':
        if (row.expanded === false) onToggle(row, true);
        else {
          const child = childOrParent(rows, focus, 'in');
          if (child !== undefined) moveTo(child);
        }
        break;
      case 'ArrowLeft':
        if (row.expanded === true) onToggle(row, false);
        else {
          const parent = childOrParent(rows, focus, 'out');
          if (parent !== undefined) moveTo(parent);
        }
        break;
      case 'Enter':
      case ' ':
        activate(focus);
        break;
      default:
        return;
    }
    event.preventDefault();
  };

  const onRowsRendered = useCallback(
    (
      visible: { startIndex: number },
      all: { startIndex: number; stopIndex: number },
    ) => {
      setRange(prev =>
        prev.start === all.startIndex &&
        prev.stop === all.stopIndex &&
        prev.visible === visible.startIndex
          ? prev
          : {
              start: all.startIndex,
              stop: all.stopIndex,
              visible: visible.startIndex,
            },
      );
      tryFocus();
    },
    [tryFocus],
  );
  const rowKey = useCallback(
    (index: number, data: TreeRowProps) => data.rows[index]?.key ?? index,
    [],
  );
  const rowProps: TreeRowProps = {
    rows,
    focusIndex: focus,
    onActivate: activate,
    onFocusRow: setFocusIndex,
    onKeyDown,
  };
  // When the row that takes Tab is scrolled out of the DOM, the tree itself does.
  const focusRendered = focus >= range.start && focus <= range.stop;

  return (
    <List
      role="tree"
      aria-label={label}
      listRef={listRef}
      tabIndex={focusRendered ? undefined : 0}
      onFocus={event => {
        if (event.target === event.currentTarget)
          moveTo(focusRendered ? focus : range.visible);
      }}
      onRowsRendered={onRowsRendered}
      rowComponent={InventoryTreeRow}
      rowCount={rows.length}
      rowHeight={TREE_ROW_HEIGHT}
      rowProps={rowProps}
      rowKey={rowKey}
      defaultHeight={TREE_HEIGHT}
      overscanCount={5}
      style={{
        height: Math.min(TREE_HEIGHT, rows.length * TREE_ROW_HEIGHT + 2),
      }}
    />
  );
}
