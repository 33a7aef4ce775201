import { useMemo, useState } from 'react';
import FormControlLabel from '@material-ui/core/FormControlLabel';
import Link from '@material-ui/core/Link';
import Switch from '@material-ui/core/Switch';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import { InfoCard } from '@backstage/core-components';
import { CapabilityResult } from '@platform-kit/plugin-platform-kit-common';
import { EvidenceDialog } from './EvidenceDialog';
import { STATUS_ORDER } from './parityUtils';
import { SeverityChip, StatusChip } from './StatusChip';

export interface CapabilityMatrixProps {
  results: CapabilityResult[];
  /** Show not-applicable capabilities initially (default: hidden). */
  defaultShowNotApplicable?: boolean;
}

/** One row per capability: status, severity, and its evidence on click. */
export function CapabilityMatrix(props: CapabilityMatrixProps) {
  const { results } = props;
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
                <TableCell>
                  {r.evidence.filter(c => c.status === 'pass').length} of{' '}
                  {r.evidence.length} pass
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
      <EvidenceDialog
        capability={selected}
        onClose={() => setSelectedId(undefined)}
      />
    </InfoCard>
  );
}
