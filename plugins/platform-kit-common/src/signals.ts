/**
 * Signal channels of the control plane. Signals are broadcast to every signed-in
 * user, so messages carry ids and statuses only; what changed is read through
 * the permission-checked REST API.
 */

/**
 * Changes of one entity: scans, parity, remediation plans, exemptions.
 *
 * @public
 */
export function entitySignalChannel(entityRef: string): string {
  return `platform-kit:entity:${entityRef.toLocaleLowerCase('en-US')}`;
}

/**
 * Any job changed status (no entity names: the channel is for everyone).
 *
 * @public
 */
export const JOBS_SIGNAL_CHANNEL = 'platform-kit:jobs';

/**
 * Message on {@link entitySignalChannel}.
 *
 * @public
 */
export type EntitySignalMessage = {
  type: 'scan' | 'parity' | 'remediation' | 'exemption';
  id?: string;
  status?: string;
};

/**
 * Message on {@link JOBS_SIGNAL_CHANNEL}.
 *
 * @public
 */
export type JobsSignalMessage = {
  type: 'scan' | 'remediation';
  status: string;
};
