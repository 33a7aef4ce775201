import { CSSProperties, useMemo, useState } from 'react';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { useApi } from '@backstage/core-plugin-api';
import {
  EmptyState,
  Link,
  Progress,
  ResponseErrorPanel,
  Table,
  TableColumn,
} from '@backstage/core-components';
import {
  Box,
  Button,
  Checkbox,
  FormControl,
  InputLabel,
  Select,
  Typography,
} from '@material-ui/core';
import Alert from '@material-ui/lab/Alert';
import { platformKitApiRef } from '../../api/PlatformKitApi';
import { FindingCategory } from '@platform-kit/plugin-platform-kit-common';
import { RemediationPlanRecord, SourcedFinding } from '../../api/types';
import { errorMessage, isNotFound } from '../../api/errors';
import { FindingDetail, Identifier, Level, LevelLabel } from './FindingCells';

type Category = FindingCategory;

const LEVEL_RANK: Record<string, number> = { ERROR: 0, WARN: 1, INFO: 2 };

/** Narrower than the theme's dense cells, so that the detail gets the room. */
const CELL: CSSProperties = {
  paddingLeft: 8,
  paddingRight: 8,
  verticalAlign: 'top',
};

/** For screen readers only: the checkbox column's header. */
const VISUALLY_HIDDEN: CSSProperties = {
  border: 0,
  clip: 'rect(0 0 0 0)',
  height: 1,
  margin: -1,
  overflow: 'hidden',
  padding: 0,
  position: 'absolute',
  width: 1,
  whiteSpace: 'nowrap',
};

/** A column of a fixed width (px), or of the remaining width (the detail). */
function column(
  width: number | undefined,
  def: TableColumn<SourcedFinding>,
): TableColumn<SourcedFinding> {
  return {
    ...def,
    ...(width ? { width: `${width}px` } : {}),
    cellStyle: CELL,
    headerStyle: { paddingLeft: 8, paddingRight: 8 },
  };
}

/** A native select whose label stays above the value, also for "All …". */
function FilterSelect<T extends string>(props: {
  id: string;
  label: string;
  value: T | '';
  allLabel: string;
  options: { value: T; label: string }[];
  onChange: (value: T | '') => void;
}) {
  const labelId = `${props.id}-label`;
  return (
    <FormControl fullWidth>
      <InputLabel id={labelId} htmlFor={props.id} shrink>
        {props.label}
      </InputLabel>
      <Select
        native
        labelId={labelId}
        value={props.value}
        onChange={e => props.onChange(e.target.value as T | '')}
        inputProps={{ id: props.id }}
      >
        <option value="">{props.allLabel}</option>
        {props.options.map(o => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </Select>
    </FormControl>
  );
}

export interface FindingsPanelProps {
  entityRef: string;
  /** Called with the plan built from the selected findings. */
  onPlanCreated?: (plan: RemediationPlanRecord) => void;
}

/** Where a finding is: `schema.name` from the linter's metadata. */
export function findingObject(finding: SourcedFinding): string {
  const { schema, name } = finding.metadata ?? {};
  return [schema, name].filter(Boolean).join('.') || '—';
}

/**
 * The findings of an entity (and of what it depends on), filterable by level
 * and category; fixable ones can be selected for a remediation plan.
 */
export function FindingsPanel(props: FindingsPanelProps) {
  const { entityRef, onPlanCreated } = props;
  const api = useApi(platformKitApiRef);
  const [level, setLevel] = useState<Level | ''>('');
  const [category, setCategory] = useState<Category | ''>('');
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [creating, setCreating] = useState(false);
  const [createError, setCreateError] = useState<string>();
  const [created, setCreated] = useState<RemediationPlanRecord>();

  const { value, loading, error } = useAsyncRetry(
    () =>
      api.getFindings(entityRef, {
        level: level || undefined,
        category: category || undefined,
      }),
    [api, entityRef, level, category],
  );

  // material-table annotates its rows: give it copies.
  const rows = useMemo(
    () => (value?.items ?? []).map(item => ({ ...item })),
    [value],
  );
  const visibleKeys = useMemo(
    () => new Set(rows.filter(r => r.fixable).map(r => r.cache_key)),
    [rows],
  );
  const selectedKeys = [...selected].filter(key => visibleKeys.has(key));

  const toggle = (key: string) =>
    setSelected(prev => {
      const next = new Set(prev);
      if (next.has(key)) next.delete(key);
      else next.add(key);
      return next;
    });

  const createPlan = async () => {
    setCreating(true);
    setCreateError(undefined);
    try {
      const plan = await api.createRemediationPlan({
        entityRef,
        findingKeys: selectedKeys,
      });
      setSelected(new Set());
      setCreated(plan);
      onPlanCreated?.(plan);
    } catch (e) {
      setCreateError(errorMessage(e as Error));
    } finally {
      setCreating(false);
    }
  };

  const columns: TableColumn<SourcedFinding>[] = [
    column(44, {
      title: <span style={VISUALLY_HIDDEN}>Select</span>,
      field: 'fixable',
      sorting: false,
      render: f =>
        f.fixable ? (
          <Checkbox
            size="small"
            style={{ padding: 4 }}
            checked={selected.has(f.cache_key)}
            onChange={() => toggle(f.cache_key)}
            inputProps={{
              'aria-label': `Select ${f.title} on ${findingObject(f)}`,
            }}
          />
        ) : null,
    }),
    column(104, {
      title: 'Level',
      field: 'level',
      customSort: (a, b) =>
        (LEVEL_RANK[a.level] ?? 3) - (LEVEL_RANK[b.level] ?? 3),
      render: f => <LevelLabel level={f.level} />,
    }),
    column(200, {
      title: 'Rule',
      field: 'title',
      render: f => (
        <>
          <Typography variant="body2">{f.title}</Typography>
          <Typography
            variant="caption"
            color="textSecondary"
            display="block"
            style={{ overflowWrap: 'break-word' }}
          >
            {f.name}
          </Typography>
        </>
      ),
    }),
    column(176, {
      title: 'Object',
      field: 'metadata',
      customSort: (a, b) => findingObject(a).localeCompare(findingObject(b)),
      render: f => (
        <>
          <Typography variant="body2" component="span">
            <Identifier>{findingObject(f)}</Identifier>
          </Typography>
          {/* Found on an entity this one depends on: name it. */}
          {f.source !== entityRef && (
            <Typography
              variant="caption"
              color="textSecondary"
              display="block"
              style={{ overflowWrap: 'break-word' }}
            >
              from <span>{f.source}</span>
            </Typography>
          )}
        </>
      ),
    }),
    column(undefined, {
      title: 'Detail',
      field: 'detail',
      render: f => <FindingDetail text={f.detail} id={f.cache_key} />,
    }),
    column(108, {
      title: 'What to do',
      field: 'remediation',
      sorting: false,
      render: f =>
        f.remediation ? (
          <Link to={f.remediation} aria-label={`What to do about ${f.title}`}>
            What to do
          </Link>
        ) : null,
    }),
  ];

  const filtered = Boolean(level || category);

  return (
    <Box>
      <Box display="flex" alignItems="center" flexWrap="wrap" mb={2}>
        <Box mr={2} mb={1} minWidth={180}>
          <FilterSelect<Level>
            id="platform-kit-findings-level"
            label="Level"
            value={level}
            allLabel="All levels"
            options={[
              { value: 'ERROR', label: 'Error' },
              { value: 'WARN', label: 'Warning' },
              { value: 'INFO', label: 'Info' },
            ]}
            onChange={setLevel}
          />
        </Box>
        <Box mr={2} mb={1} minWidth={180}>
          <FilterSelect<Category>
            id="platform-kit-findings-category"
            label="Category"
            value={category}
            allLabel="All categories"
            options={[
              { value: 'SECURITY', label: 'Security' },
              { value: 'PERFORMANCE', label: 'Performance' },
            ]}
            onChange={setCategory}
          />
        </Box>
        <Box flexGrow={1} />
        <Button
          variant="contained"
          color="primary"
          disabled={selectedKeys.length === 0 || creating}
          onClick={createPlan}
        >
          {creating
            ? 'Creating plan…'
            : `Create remediation plan${
                selectedKeys.length ? ` (${selectedKeys.length})` : ''
              }`}
        </Button>
      </Box>
      {createError && (
        <Box mb={2}>
          <Alert severity="error">
            Could not create the plan: {createError}
          </Alert>
        </Box>
      )}
      {created && !createError && (
        <Box mb={2}>
          <Alert severity="success" onClose={() => setCreated(undefined)}>
            Remediation plan created with {created.plan.patches.length}{' '}
            patch(es)
            {created.plan.skipped.length
              ? `, ${created.plan.skipped.length} finding(s) skipped`
              : ''}
            .
          </Alert>
        </Box>
      )}
      {loading && <Progress />}
      {!loading && isNotFound(error) && (
        <EmptyState
          missing="data"
          title="No findings for this entity yet"
          description={errorMessage(error)}
        />
      )}
      {!loading && error && !isNotFound(error) && (
        <ResponseErrorPanel error={error} title="Could not load findings" />
      )}
      {!loading && !error && rows.length === 0 && (
        <EmptyState
          missing="data"
          title={filtered ? 'No findings match the filters' : 'No findings'}
          description={
            filtered
              ? 'Try another level or category.'
              : 'The latest scan found nothing to fix.'
          }
        />
      )}
      {!loading && !error && rows.length > 0 && (
        <Table<SourcedFinding>
          title={`Findings (${value?.total ?? rows.length})`}
          columns={columns}
          data={rows}
          options={{
            search: false,
            paging: rows.length > 20,
            pageSize: 20,
            padding: 'dense',
            // Fixed widths; the detail (the longest text) gets the rest.
            tableLayout: 'fixed',
          }}
        />
      )}
    </Box>
  );
}
