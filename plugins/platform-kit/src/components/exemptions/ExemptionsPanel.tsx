import { ReactElement, useState } from 'react';
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
import { Box, Button, Chip } from '@material-ui/core';
import Alert from '@material-ui/lab/Alert';
import { platformKitApiRef } from '../../api/PlatformKitApi';
import { Exemption } from '../../api/types';
import { errorMessage } from '../../api/errors';
import { exemptionDate, requestedNotice, isActive } from './exemptionUtils';
import { Guarded } from './Guarded';
import { RequestExemptionDialog } from './RequestExemptionDialog';

export { MAX_EXEMPTION_DAYS } from './exemptionUtils';

export interface ExemptionsPanelProps {
  entityRef: string;
  /** The capabilities an exemption can be requested for. */
  capabilities: { id: string; title: string }[];
  /** Called after an exemption was requested or revoked (e.g. to reload the parity). */
  onChanged?: () => void;
}

/**
 * Active and expired exemptions of an entity; exemptions can be requested
 * and revoked by those allowed to manage them.
 */
export function ExemptionsPanel(props: ExemptionsPanelProps) {
  const { entityRef, capabilities, onChanged } = props;
  const api = useApi(platformKitApiRef);
  const { allowed, loading: permissionLoading } = usePermission({
    permission: exemptionManagePermission,
  });
  const [dialogOpen, setDialogOpen] = useState(false);
  const [notice, setNotice] = useState<string>();
  const [actionError, setActionError] = useState<string>();
  const [revoking, setRevoking] = useState<string>();

  const { value, loading, error, retry } = useAsyncRetry(
    () => api.listExemptions({ entityRef }),
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
      onChanged?.();
    } catch (e) {
      setActionError(errorMessage(e));
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
      render: e => exemptionDate(e.expiresAt),
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
              requestedNotice(titleOf(exemption.capabilityId), exemption),
            );
            retry();
            onChanged?.();
          }}
        />
      )}
    </Box>
  );
}
