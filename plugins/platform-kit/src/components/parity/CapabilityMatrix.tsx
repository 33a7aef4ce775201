import { useMemo, useState } from 'react';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import Box from '@material-ui/core/Box';
import FormControlLabel from '@material-ui/core/FormControlLabel';
import Link from '@material-ui/core/Link';
import Switch from '@material-ui/core/Switch';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import Alert from '@material-ui/lab/Alert';
import { InfoCard } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { ParityCapability } from '@platform-kit/plugin-platform-kit-common';
import { platformKitApiRef } from '../../api/PlatformKitApi';
import { errorMessage } from '../../api/errors';
import {
  activeExemptionsByCapability,
  requestedNotice,
} from '../exemptions/exemptionUtils';
import { RequestExemptionDialog } from '../exemptions/RequestExemptionDialog';
import { CapabilityExemption, canBeExempted } from './CapabilityExemption';
import { EvidenceDialog } from './EvidenceDialog';
import { STATUS_ORDER } from './parityUtils';
import { SeverityChip, StatusChip } from './StatusChip';

export interface CapabilityMatrixProps {
  results: ParityCapability[];
  /** Show not-applicable capabilities initially (default: hidden). */
  defaultShowNotApplicable?: boolean;
  /**
   * The entity the results are of. With it the matrix loads the entity's
   * exemptions (also those the parity does not reflect yet) and offers to
   * request one for a failing or partial capability.
   */
  entityRef?: string;
  /** Called after an exemption was requested here: reload the parity. */
  onChanged?: () => void;
}

/**
 * One row per capability: status, severity, exemption, and its evidence on
 * click.
 */
export function CapabilityMatrix(props: CapabilityMatrixProps) {
  const { results, entityRef, onChanged } = props;
  const api = useApi(platformKitApiRef);
  const [showNa, setShowNa] = useState(!!props.defaultShowNotApplicable);
  const [selectedId, setSelectedId] = useState<string>();
  const naCount = results.filter(r => r.status === 'not_applicable').length;
  const rows = useMemo(
    () =>
      results
        .filter(r => showNa || r.status !== 'not_applicable')
        .sort(
          (a, b) =>
            STATUS_ORDER.indexOf(a.status) - STATUS_ORDER.indexOf(b.status) ||
            b.severity - a.severity ||
            a.title.localeCompare(b.title),
        ),
    [results, showNa],
  );
  const selected = results.find(r => r.capabilityId === selectedId);
  const [requestFor, setRequestFor] = useState<string>();
  const [notice, setNotice] = useState<string>();

  // Reloaded when the results change: a new parity may come with changed
  // exemptions (requested or revoked elsewhere).
  const resultsKey = results
    .map(r => `${r.capabilityId}:${r.status}:${r.exemption?.expiresAt ?? ''}`)
    .join(',');
  const exemptions = useAsyncRetry(
    async () =>
      entityRef ? (await api.listExemptions({ entityRef })).items : undefined,
    [api, entityRef, resultsKey],
  );
  const listed = useMemo(
    () => activeExemptionsByCapability(exemptions.value ?? []),
    [exemptions.value],
  );
  const exemptionOf = (r: ParityCapability) =>
    listed.get(r.capabilityId) ?? r.exemption ?? undefined;
  const requestable = results
    .filter(r => canBeExempted(r) && !exemptionOf(r))
    .map(r => ({ id: r.capabilityId, title: r.title }));
  const titleOf = (id: string) =>
    results.find(r => r.capabilityId === id)?.title ?? id;

  return (
    <InfoCard
      title="Capabilities"
      action={
        <FormControlLabel
          control={
            <Switch
              checked={showNa}
              onChange={e => setShowNa(e.target.checked)}
              color="primary"
            />
          }
          label={`Show not applicable (${naCount})`}
        />
      }
    >
      {notice && (
        <Box mb={2}>
          <Alert severity="success" onClose={() => setNotice(undefined)}>
            {notice}
          </Alert>
        </Box>
      )}
      {exemptions.error && (
        <Box mb={2}>
          <Alert severity="warning">
            Could not load the exemptions: {errorMessage(exemptions.error)}
          </Alert>
        </Box>
      )}
      {rows.length === 0 ? (
        <Typography variant="body2" color="textSecondary">
          No applicable capabilities.
        </Typography>
      ) : (
        <Table size="small" aria-label="Capability matrix">
          <TableHead>
            <TableRow>
              <TableCell>Capability</TableCell>
              <TableCell>Status</TableCell>
              <TableCell>Severity</TableCell>
              <TableCell>Contracts</TableCell>
              <TableCell>Exemption</TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {rows.map(r => (
              <TableRow key={r.capabilityId} hover>
                <TableCell>
                  <Link
                    component="button"
                    variant="body2"
                    aria-haspopup="dialog"
                    style={{ textAlign: 'left' }}
                    onClick={() => setSelectedId(r.capabilityId)}
                  >
                    {r.title}
                  </Link>
                </TableCell>
                <TableCell>
                  <StatusChip status={r.status} />
                </TableCell>
                <TableCell>
                  <SeverityChip severity={r.severity} />
                </TableCell>
                <TableCell style={{ whiteSpace: 'nowrap' }}>
                  {r.evidence.filter(c => c.status === 'pass').length} of{' '}
                  {r.evidence.length} pass
                </TableCell>
                <TableCell>
                  <CapabilityExemption
                    result={r}
                    exemption={exemptionOf(r)}
                    onRequest={
                      entityRef
                        ? () => {
                            setNotice(undefined);
                            setRequestFor(r.capabilityId);
                          }
                        : undefined
                    }
                  />
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
      <EvidenceDialog
        capability={selected}
        exemption={selected && exemptionOf(selected)}
        onClose={() => setSelectedId(undefined)}
      />
      {entityRef && requestFor && (
        <RequestExemptionDialog
          open
          entityRef={entityRef}
          capabilities={requestable}
          initialCapabilityId={requestFor}
          onClose={() => setRequestFor(undefined)}
          onCreated={exemption => {
            setRequestFor(undefined);
            setNotice(
              requestedNotice(titleOf(exemption.capabilityId), exemption),
            );
            exemptions.retry();
            onChanged?.();
          }}
        />
      )}
    </InfoCard>
  );
}
