import { FormEvent, ReactElement, useState } from 'react';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { useApi } from '@backstage/core-plugin-api';
import {
  EmptyState,
  Progress,
  ResponseErrorPanel,
  Table,
  TableColumn,
} from '@backstage/core-components';
import { usePermission } from '@backstage/plugin-permission-react';
import { exemptionManagePermission } from '@platform-kit/plugin-platform-kit-common';
import {
  Box,
  Button,
  Chip,
  Dialog,
  DialogActions,
  DialogContent,
  DialogTitle,
  TextField,
  Tooltip,
} from '@material-ui/core';
import Alert from '@material-ui/lab/Alert';
import { platformKitApiRef } from '../../api/PlatformKitApi';
import { Exemption } from '../../api/types';
import { errorMessage } from '../../api/errors';

export interface ExemptionsPanelProps {
  entityRef: string;
  /** The capabilities an exemption can be requested for. */
  capabilities: { id: string; title: string }[];
}

/** An exemption can last at most this many days (the API enforces it too). */
export const MAX_EXEMPTION_DAYS = 366;
const MIN_REASON = 10;
const DAY_MS = 86_400_000;

/** `YYYY-MM-DD` (UTC) `days` from now. */
function utcDate(days: number, now = Date.now()): string {
  return new Date(now + days * DAY_MS).toISOString().slice(0, 10);
}

function isActive(e: Exemption): boolean {
  return e.active ?? new Date(e.expiresAt).getTime() > Date.now();
}

const NOT_ALLOWED = 'You are not allowed to manage exemptions';

/** A control that is disabled with an explanation when not allowed. */
function Guarded(props: {
  allowed: boolean;
  loading: boolean;
  children: ReactElement;
}) {
  const { allowed, loading, children } = props;
  if (allowed) return children;
  return (
    <Tooltip title={loading ? 'Checking your permissions…' : NOT_ALLOWED}>
      <span>{children}</span>
    </Tooltip>
  );
}

function RequestExemptionDialog(props: {
  open: boolean;
  entityRef: string;
  capabilities: { id: string; title: string }[];
  onClose: () => void;
  onCreated: (exemption: Exemption) => void;
}) {
  const { open, entityRef, capabilities, onClose, onCreated } = props;
  const api = useApi(platformKitApiRef);
  const [capabilityId, setCapabilityId] = useState(capabilities[0]?.id ?? '');
  const [reason, setReason] = useState('');
  const [until, setUntil] = useState(utcDate(30));
  const [submitted, setSubmitted] = useState(false);
  const [saving, setSaving] = useState(false);
  const [serverError, setServerError] = useState<string>();

  const minDate = utcDate(1);
  const maxDate = utcDate(MAX_EXEMPTION_DAYS);
  const reasonError =
    reason.trim().length < MIN_REASON
      ? `Give a reason of at least ${MIN_REASON} characters`
      : undefined;
  let untilError: string | undefined;
  if (!until) untilError = 'Choose when the exemption ends';
  else if (until < minDate) untilError = 'The expiry must be in the future';
  else if (until > maxDate)
    untilError = `An exemption can last at most ${MAX_EXEMPTION_DAYS} days`;
  const capabilityError = capabilityId ? undefined : 'Choose a capability';

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setSubmitted(true);
    setServerError(undefined);
    if (reasonError || untilError || capabilityError) return;
    setSaving(true);
    try {
      const exemption = await api.createExemption({
        entityRef,
        capabilityId,
        reason: reason.trim(),
        expiresAt: new Date(`${until}T00:00:00.000Z`).toISOString(),
      });
      setReason('');
      setSubmitted(false);
      onCreated(exemption);
    } catch (e) {
      setServerError(errorMessage(e as Error));
    } finally {
      setSaving(false);
    }
  };

  return (
    <Dialog
      open={open}
      onClose={onClose}
      aria-labelledby="platform-kit-exemption-dialog-title"
      fullWidth
      maxWidth="sm"
    >
      <form onSubmit={submit} noValidate>
        <DialogTitle id="platform-kit-exemption-dialog-title">
          Request exemption
        </DialogTitle>
        <DialogContent>
          {serverError && (
            <Box mb={2}>
              <Alert severity="error">{serverError}</Alert>
            </Box>
          )}
          <TextField
            select
            id="platform-kit-exemption-capability"
            label="Capability"
            value={capabilityId}
            onChange={e => setCapabilityId(e.target.value)}
            SelectProps={{ native: true }}
            InputLabelProps={{ shrink: true }}
            error={submitted && Boolean(capabilityError)}
            helperText={submitted ? capabilityError : undefined}
            fullWidth
            margin="normal"
          >
            {capabilities.length === 0 && <option value="">—</option>}
            {capabilities.map(c => (
              <option key={c.id} value={c.id}>
                {c.title}
              </option>
            ))}
          </TextField>
          <TextField
            id="platform-kit-exemption-reason"
            label="Reason"
            value={reason}
            onChange={e => setReason(e.target.value)}
            error={submitted && Boolean(reasonError)}
            helperText={
              submitted && reasonError
                ? reasonError
                : 'Why the capability does not apply yet, and the plan to get there.'
            }
            multiline
            minRows={3}
            required
            fullWidth
            margin="normal"
          />
          <TextField
            id="platform-kit-exemption-until"
            label="Expires on"
            type="date"
            value={until}
            onChange={e => setUntil(e.target.value)}
            inputProps={{ min: minDate, max: maxDate }}
            InputLabelProps={{ shrink: true }}
            error={submitted && Boolean(untilError)}
            helperText={
              submitted && untilError
                ? untilError
                : `At most ${MAX_EXEMPTION_DAYS} days ahead.`
            }
            required
            fullWidth
            margin="normal"
          />
        </DialogContent>
        <DialogActions>
          <Button onClick={onClose}>Cancel</Button>
          <Button
            type="submit"
            color="primary"
            variant="contained"
            disabled={saving}
          >
            {saving ? 'Requesting…' : 'Request'}
          </Button>
        </DialogActions>
      </form>
    </Dialog>
  );
}

/**
 * Active and expired exemptions of an entity; exemptions can be requested
 * and revoked by those allowed to manage them.
 */
export function ExemptionsPanel(props: ExemptionsPanelProps) {
  const { entityRef, capabilities } = props;
  const api = useApi(platformKitApiRef);
  const { allowed, loading: permissionLoading } = usePermission({
    permission: exemptionManagePermission,
  });
  const [dialogOpen, setDialogOpen] = useState(false);
  const [notice, setNotice] = useState<string>();
  const [actionError, setActionError] = useState<string>();
  const [revoking, setRevoking] = useState<string>();

  const { value, loading, error, retry } = useAsyncRetry(
    () => api.listExemptions(entityRef),
    [api, entityRef],
  );

  const titleOf = (id: string) =>
    capabilities.find(c => c.id === id)?.title ?? id;

  const revoke = async (exemption: Exemption) => {
    setRevoking(exemption.id);
    setActionError(undefined);
    setNotice(undefined);
    try {
      await api.revokeExemption(exemption.id);
      setNotice(`Exemption for ${titleOf(exemption.capabilityId)} revoked.`);
      retry();
    } catch (e) {
      setActionError(errorMessage(e as Error));
    } finally {
      setRevoking(undefined);
    }
  };

  const rows = (value?.items ?? [])
    .map(e => ({ ...e, active: isActive(e) }))
    .sort(
      (a, b) =>
        Number(b.active) - Number(a.active) ||
        a.expiresAt.localeCompare(b.expiresAt),
    );

  const columns: TableColumn<Exemption>[] = [
    {
      title: 'Capability',
      field: 'capabilityId',
      render: e => titleOf(e.capabilityId),
    },
    { title: 'Reason', field: 'reason' },
    { title: 'Requested by', field: 'requestedBy' },
    {
      title: 'Until',
      field: 'expiresAt',
      render: e => new Date(e.expiresAt).toLocaleDateString(),
    },
    {
      title: 'State',
      field: 'active',
      render: e => (
        <Chip
          size="small"
          color={e.active ? 'primary' : 'default'}
          label={e.active ? 'Active' : 'Expired'}
        />
      ),
    },
    {
      title: 'Actions',
      sorting: false,
      render: e =>
        e.active ? (
          <Guarded allowed={allowed} loading={permissionLoading}>
            <Button
              size="small"
              disabled={!allowed || revoking === e.id}
              onClick={() => revoke(e)}
              aria-label={`Revoke exemption for ${titleOf(e.capabilityId)}`}
            >
              Revoke
            </Button>
          </Guarded>
        ) : null,
    },
  ];

  let content: ReactElement;
  if (loading && !value) content = <Progress />;
  else if (error)
    content = (
      <ResponseErrorPanel error={error} title="Could not load exemptions" />
    );
  else if (rows.length === 0)
    content = (
      <EmptyState
        missing="data"
        title="No exemptions"
        description="Every capability that applies to this entity is counted in its score."
      />
    );
  else
    content = (
      <Table<Exemption>
        title="Exemptions"
        columns={columns}
        data={rows}
        options={{ search: false, paging: rows.length > 20, pageSize: 20 }}
      />
    );

  return (
    <Box>
      <Box display="flex" justifyContent="flex-end" mb={2}>
        <Guarded allowed={allowed} loading={permissionLoading}>
          <Button
            variant="contained"
            color="primary"
            disabled={!allowed}
            onClick={() => {
              setNotice(undefined);
              setDialogOpen(true);
            }}
          >
            Request exemption
          </Button>
        </Guarded>
      </Box>
      {notice && (
        <Box mb={2}>
          <Alert severity="success" onClose={() => setNotice(undefined)}>
            {notice}
          </Alert>
        </Box>
      )}
      {actionError && (
        <Box mb={2}>
          <Alert severity="error">{actionError}</Alert>
        </Box>
      )}
      {content}
      {dialogOpen && (
        <RequestExemptionDialog
          open={dialogOpen}
          entityRef={entityRef}
          capabilities={capabilities}
          onClose={() => setDialogOpen(false)}
          onCreated={exemption => {
            setDialogOpen(false);
            setNotice(
              `Exemption for ${titleOf(
                exemption.capabilityId,
              )} requested until ${new Date(
                exemption.expiresAt,
              ).toLocaleDateString()}.`,
            );
            retry();
          }}
        />
      )}
    </Box>
  );
}
