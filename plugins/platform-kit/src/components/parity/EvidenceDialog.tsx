import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Dialog from '@material-ui/core/Dialog';
import DialogActions from '@material-ui/core/DialogActions';
import DialogContent from '@material-ui/core/DialogContent';
import DialogTitle from '@material-ui/core/DialogTitle';
import Divider from '@material-ui/core/Divider';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import {
  ParityCapability,
  CapabilityEvidence,
} from '@platform-kit/plugin-platform-kit-common';
import { exemptionDate } from '../exemptions/exemptionUtils';
import { InlineCode } from '../findings/FindingCells';
import { SeverityChip, StatusChip } from './StatusChip';

function factText(value: boolean | null): string {
  if (value === true) return 'true';
  if (value === false) return 'false';
  return 'not reported';
}

function Contract(props: { contract: CapabilityEvidence }) {
  const { contract } = props;
  const facts = Object.entries(contract.facts);
  const headingId = `contract-${contract.contractId}`;
  return (
    <Box component="section" aria-labelledby={headingId} mb={2}>
      <Box display="flex" alignItems="center" style={{ gap: 8 }}>
        <Typography variant="subtitle1" component="h3" id={headingId}>
          {contract.title}
        </Typography>
        <StatusChip status={contract.status} />
      </Box>
      <Typography variant="caption" color="textSecondary">
        {contract.contractId}
      </Typography>
      {contract.note && (
        <Typography variant="body2" color="textSecondary">
          Note: {contract.note}
        </Typography>
      )}
      {contract.findings.length > 0 && (
        <Table size="small" aria-label={`Findings for ${contract.title}`}>
          <TableHead>
            <TableRow>
              <TableCell>Finding</TableCell>
              <TableCell>Level</TableCell>
              <TableCell>Detail</TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {contract.findings.map(f => (
              <TableRow key={f.cache_key}>
                <TableCell>{f.name}</TableCell>
                <TableCell>{f.level}</TableCell>
                <TableCell>
                  <InlineCode text={f.detail} />
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
      {facts.length > 0 && (
        <Box component="dl" mt={1} aria-label={`Facts for ${contract.title}`}>
          {facts.map(([key, value]) => (
            <Box key={key} display="flex" style={{ gap: 8 }}>
              <Typography component="dt" variant="body2">
                {key}:
              </Typography>
              <Typography component="dd" variant="body2" style={{ margin: 0 }}>
                {factText(value)}
              </Typography>
            </Box>
          ))}
        </Box>
      )}
      {!contract.findings.length && !facts.length && !contract.note && (
        <Typography variant="body2" color="textSecondary">
          No findings or facts recorded.
        </Typography>
      )}
    </Box>
  );
}

/** The evidence behind one capability's status: contracts, findings, facts, exemption. */
export function EvidenceDialog(props: {
  capability: ParityCapability | undefined;
  /** The capability's active exemption when known better than from the parity. */
  exemption?: ParityCapability['exemption'];
  onClose: () => void;
}) {
  const { capability, onClose } = props;
  const exemption = props.exemption ?? capability?.exemption;
  return (
    <Dialog
      open={!!capability}
      onClose={onClose}
      maxWidth="md"
      fullWidth
      aria-labelledby="evidence-dialog-title"
    >
      {capability && (
        <>
          <DialogTitle id="evidence-dialog-title">
            Evidence: {capability.title}
          </DialogTitle>
          <DialogContent dividers>
            <Box display="flex" alignItems="center" mb={2} style={{ gap: 8 }}>
              <StatusChip status={capability.status} />
              <SeverityChip severity={capability.severity} />
              <Typography variant="caption" color="textSecondary">
                {capability.capabilityId}
              </Typography>
            </Box>
            {exemption && (
              <Box mb={2} component="section" aria-label="Exemption">
                <Typography variant="subtitle2" component="h3">
                  Exemption
                </Typography>
                <Typography variant="body2">
                  Reason: {exemption.reason}
                </Typography>
                <Typography variant="body2">
                  Requested by: {exemption.requestedBy}
                </Typography>
                <Typography variant="body2">
                  Until: {exemptionDate(exemption.expiresAt)}
                </Typography>
                <Divider style={{ marginTop: 8 }} />
              </Box>
            )}
            <Typography variant="subtitle2" component="h2" gutterBottom>
              Contracts checked
            </Typography>
            {capability.evidence.length === 0 ? (
              <Typography variant="body2" color="textSecondary">
                No contracts were checked for this capability.
              </Typography>
            ) : (
              capability.evidence.map(c => (
                <Contract key={c.contractId} contract={c} />
              ))
            )}
          </DialogContent>
          <DialogActions>
            <Button onClick={onClose}>Close</Button>
          </DialogActions>
        </>
      )}
    </Dialog>
  );
}
