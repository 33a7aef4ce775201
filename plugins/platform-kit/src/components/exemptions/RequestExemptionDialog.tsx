import { FormEvent, useState } from 'react';
import { useApi } from '@backstage/core-plugin-api';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Dialog from '@material-ui/core/Dialog';
import DialogActions from '@material-ui/core/DialogActions';
import DialogContent from '@material-ui/core/DialogContent';
import DialogTitle from '@material-ui/core/DialogTitle';
import TextField from '@material-ui/core/TextField';
import Alert from '@material-ui/lab/Alert';
import { platformKitApiRef } from '../../api/PlatformKitApi';
import { Exemption } from '../../api/types';
import { errorMessage } from '../../api/errors';
import {
  MAX_EXEMPTION_DAYS,
  MIN_EXEMPTION_REASON,
  utcDate,
} from './exemptionUtils';

export interface RequestExemptionDialogProps {
  open: boolean;
  entityRef: string;
  /** The capabilities an exemption can be requested for. */
  capabilities: { id: string; title: string }[];
  /** The capability chosen when the dialog opens (default: the first). */
  initialCapabilityId?: string;
  onClose: () => void;
  onCreated: (exemption: Exemption) => void;
}

/**
 * The form to request an exemption: capability, reason and expiry, checked
 * here before it is sent; the server's message is shown when it refuses.
 * Mount it when it opens: it starts from its initial values.
 */
export function RequestExemptionDialog(props: RequestExemptionDialogProps) {
  const { open, entityRef, capabilities, onClose, onCreated } = props;
  const api = useApi(platformKitApiRef);
  const [capabilityId, setCapabilityId] = useState(
    props.initialCapabilityId ?? capabilities[0]?.id ?? '',
  );
  const [reason, setReason] = useState('');
  const [until, setUntil] = useState(utcDate(30));
  const [submitted, setSubmitted] = useState(false);
  const [saving, setSaving] = useState(false);
  const [serverError, setServerError] = useState<string>();

  const minDate = utcDate(1);
  const maxDate = utcDate(MAX_EXEMPTION_DAYS);
  const reasonError =
    reason.trim().length < MIN_EXEMPTION_REASON
      ? `Give a reason of at least ${MIN_EXEMPTION_REASON} characters`
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
      setServerError(errorMessage(e));
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
            InputLabelProps={{
              shrink: true,
              htmlFor: 'platform-kit-exemption-capability',
            }}
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
