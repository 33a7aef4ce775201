import { CSSProperties } from 'react';
import { Link, Typography } from '@material-ui/core';
import { ConnectorItem } from '../../api/types';
import {
  attributeText,
  DETAIL_HEADING,
  DETAIL_LINE,
  DETAIL_PADDING,
  displayName,
  MAX_DETAIL_LINES,
  ResolvedRelation,
  typeLabel,
} from './connectorItems';

const line: CSSProperties = {
  height: DETAIL_LINE,
  lineHeight: `${DETAIL_LINE}px`,
  whiteSpace: 'nowrap',
  overflow: 'hidden',
  textOverflow: 'ellipsis',
};
const heading: CSSProperties = {
  height: DETAIL_HEADING,
  lineHeight: `${DETAIL_HEADING}px`,
  margin: 0,
};

/** The link to the item in its source, in a new tab. */
export function SourceLink(props: { item: ConnectorItem; product: string }) {
  const { item, product } = props;
  if (!item.url) return null;
  return (
    <Link
      href={item.url}
      target="_blank"
      rel="noopener noreferrer"
      aria-label={`Open ${displayName(item)} in ${product} (new tab)`}
    >
      Open in {product}
    </Link>
  );
}

/** Attributes as a key/value table, one fixed-height line each. */
export function AttributesTable(props: { item: ConnectorItem; max?: number }) {
  const { item, max = MAX_DETAIL_LINES } = props;
  const entries = Object.entries(item.attributes ?? {});
  return (
    <>
      <Typography variant="subtitle2" component="h4" style={heading}>
        Attributes
      </Typography>
      {entries.length === 0 ? (
        <Typography variant="body2" color="textSecondary" style={line}>
          No attributes
        </Typography>
      ) : (
        <table
          aria-label={`Attributes of ${displayName(item)}`}
          style={{
            borderCollapse: 'collapse',
            tableLayout: 'fixed',
            width: '100%',
          }}
        >
          <tbody>
            {entries.slice(0, max).map(([key, value]) => {
              const text = attributeText(value);
              return (
                <tr key={key} style={{ height: DETAIL_LINE }}>
                  <th
                    scope="row"
                    style={{
                      ...line,
                      width: '30%',
                      textAlign: 'left',
                      fontWeight: 500,
                      paddingRight: 8,
                    }}
                  >
                    <Typography variant="body2" component="span">
                      {key}
                    </Typography>
                  </th>
                  <td style={line} title={text}>
                    <Typography variant="body2" component="span">
                      <code>{text}</code>
                    </Typography>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
      {entries.length > max && (
        <Typography variant="caption" color="textSecondary" style={line}>
          and {entries.length - max} more
        </Typography>
      )}
    </>
  );
}

/** Relations with their targets' names, one fixed-height line each. */
export function RelationsList(props: {
  label: string;
  relations: ResolvedRelation[];
  max?: number;
}) {
  const { label, relations, max = MAX_DETAIL_LINES } = props;
  return (
    <>
      <Typography variant="subtitle2" component="h4" style={heading}>
        Relations ({relations.length})
      </Typography>
      {relations.length === 0 ? (
        <Typography variant="body2" color="textSecondary" style={line}>
          No relations
        </Typography>
      ) : (
        <ul aria-label={label} style={{ margin: 0, padding: 0 }}>
          {relations.slice(0, max).map((r, i) => (
            <li key={i} style={{ ...line, listStyle: 'none' }}>
              <Typography variant="body2" component="span">
                {r.type} → {r.entityRef ? <code>{r.target}</code> : r.target}
                {r.targetType ? ` (${typeLabel(r.targetType, 1)})` : ''}
                {r.missing ? ' (not in this inventory)' : ''}
              </Typography>
            </li>
          ))}
        </ul>
      )}
      {relations.length > max && (
        <Typography variant="caption" color="textSecondary" style={line}>
          and {relations.length - max} more
        </Typography>
      )}
    </>
  );
}

/** What an expanded row shows; its height is {@link detailsHeight}. */
export function ItemDetails(props: {
  id: string;
  item: ConnectorItem;
  relations: ResolvedRelation[];
}) {
  const { id, item, relations } = props;
  return (
    <div
      id={id}
      style={{ paddingTop: DETAIL_PADDING / 2, paddingBottom: 8 }}
      data-testid="connector-item-details"
    >
      {item.description && (
        <Typography variant="body2" style={line} title={item.description}>
          {item.description}
        </Typography>
      )}
      <AttributesTable item={item} />
      <RelationsList
        label={`Relations of ${displayName(item)}`}
        relations={relations}
      />
    </div>
  );
}
