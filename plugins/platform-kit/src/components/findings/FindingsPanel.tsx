import { useMemo, useState } from 'react';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { useApi } from '@backstage/core-plugin-api';
import {
  EmptyState,
  Link,
  Progress,
  ResponseErrorPanel,
  StatusError,
  StatusOK,
  StatusWarning,
  Table,
  TableColumn,
} from '@backstage/core-components';
import { ResponseError } from '@backstage/errors';
import {
  Box,
  Button,
  Checkbox,
  TextField,
  Typography,
} from '@material-ui/core';
import Alert from '@material-ui/lab/Alert';
import { platformKitApiRef } from '../../api/PlatformKitApi';
import { RemediationPlanRecord, SourcedFinding } from '../../api/types';
import { errorMessage } from '../../api/errors';

type Level = 'ERROR' | 'WARN' | 'INFO';
type Category = 'SECURITY' | 'PERFORMANCE';

export interface FindingsPanelProps {
  entityRef: string;
  /** Called with the plan built from the selected findings. */
  onPlanCreated?: (plan: RemediationPlanRecord) => void;
}

function LevelStatus({ level }: { level: Level }) {
  if (level === 'ERROR') return <StatusError>Error</StatusError>;
  if (level === 'WARN') return <StatusWarning>Warning</StatusWarning>;
  return <StatusOK>Info</StatusOK>;
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
    {
      title: 'Select',
      field: 'fixable',
      width: '1%',
      sorting: false,
      render: f =>
        f.fixable ? (
          <Checkbox
            checked={selected.has(f.cache_key)}
            onChange={() => toggle(f.cache_key)}
            inputProps={{
              'aria-label': `Select ${f.title} on ${findingObject(f)}`,
            }}
          />
        ) : null,
    },
    {
      title: 'Level',
      field: 'level',
      render: f => <LevelStatus level={f.level} />,
    },
    {
      title: 'Rule',
      field: 'title',
      render: f => (
        <>
          <Typography variant="body2">{f.title}</Typography>
          <Typography variant="caption" color="textSecondary">
            {f.name}
          </Typography>
        </>
      ),
    },
    {
      title: 'Object',
      field: 'metadata',
      render: f => <code>{findingObject(f)}</code>,
    },
    { title: 'Detail', field: 'detail' },
    {
      title: 'Source',
      field: 'source',
      render: f => (f.source !== entityRef ? f.source : null),
    },
    {
      title: 'What to do',
      field: 'remediation',
      sorting: false,
      render: f =>
        f.remediation ? (
          <Link to={f.remediation} aria-label={`What to do about ${f.title}`}>
            What to do
          </Link>
        ) : null,
    },
  ];

  const filtered = Boolean(level || category);

  return (
    <Box>
      <Box display="flex" alignItems="center" flexWrap="wrap" mb={2}>
        <Box mr={2} minWidth={160}>
          <TextField
            select
            id="platform-kit-findings-level"
            label="Level"
            value={level}
            onChange={e => setLevel(e.target.value as Level | '')}
            SelectProps={{ native: true }}
            // The empty option has text ('All …'): keep the label above it.
            InputLabelProps={{ shrink: true }}
            fullWidth
          >
            <option value="">All levels</option>
            <option value="ERROR">Error</option>
            <option value="WARN">Warning</option>
            <option value="INFO">Info</option>
          </TextField>
        </Box>
        <Box mr={2} minWidth={160}>
          <TextField
            select
            id="platform-kit-findings-category"
            label="Category"
            value={category}
            onChange={e => setCategory(e.target.value as Category | '')}
            SelectProps={{ native: true }}
            // The empty option has text ('All …'): keep the label above it.
            InputLabelProps={{ shrink: true }}
            fullWidth
          >
            <option value="">All categories</option>
            <option value="SECURITY">Security</option>
            <option value="PERFORMANCE">Performance</option>
          </TextField>
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
      {!loading &&
        error &&
        ResponseError.is(error) &&
        error.statusCode === 404 && (
          <EmptyState
            missing="data"
            title="No findings for this entity yet"
            description={errorMessage(error)}
          />
        )}
      {!loading &&
        error &&
        !(ResponseError.is(error) && error.statusCode === 404) && (
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
          }}
        />
      )}
    </Box>
  );
}
