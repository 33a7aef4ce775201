import { LoggerService } from '@backstage/backend-plugin-api';
import { SignalPayload, SignalsService } from '@backstage/plugin-signals-node';
import {
  entitySignalChannel,
  EntitySignalMessage,
  JOBS_SIGNAL_CHANNEL,
  JobsSignalMessage,
} from '@platform-kit/plugin-platform-kit-common';

/**
 * Live updates for the frontend, broadcast through Backstage signals. Messages
 * carry ids and statuses only (never SQL, errors or secrets; no entity refs on
 * the jobs channel). Publishing is best effort: a failure is logged once and
 * never fails the scan, apply or request that caused it.
 */
export class ControlPlaneSignals {
  constructor(
    private readonly signals: SignalsService | undefined,
    private readonly logger: LoggerService,
  ) {}

  /** A scan changed status: on the entity's channel and the jobs channel. */
  scan(entityRef: string, id: string, status: string): void {
    this.publish(entitySignalChannel(entityRef), { type: 'scan', id, status });
    this.publish(JOBS_SIGNAL_CHANNEL, { type: 'scan', status });
  }

  /** The entity's parity was re-evaluated. */
  parity(entityRef: string): void {
    this.publish(entitySignalChannel(entityRef), { type: 'parity' });
  }

  /**
   * A remediation plan was created or changed status; `apply` when the change
   * belongs to an apply (it is then a job change as well).
   */
  remediation(
    entityRef: string,
    id: string,
    status: string,
    apply: boolean,
  ): void {
    this.publish(entitySignalChannel(entityRef), {
      type: 'remediation',
      id,
      status,
    });
    if (apply)
      this.publish(JOBS_SIGNAL_CHANNEL, { type: 'remediation', status });
  }

  /** An exemption was created or revoked. */
  exemption(entityRef: string, id: string): void {
    this.publish(entitySignalChannel(entityRef), { type: 'exemption', id });
  }

  private publish(
    channel: string,
    message: EntitySignalMessage | JobsSignalMessage,
  ): void {
    if (!this.signals) return;
    const warn = (error: unknown) =>
      this.logger.warn(
        `could not publish a ${message.type} signal on ${channel}: ${
          (error as Error)?.message ?? error
        }`,
      );
    try {
      Promise.resolve(
        this.signals.publish({
          recipients: { type: 'broadcast' },
          channel,
          message: message as SignalPayload['message'],
        }),
      ).catch(warn);
    } catch (error) {
      warn(error);
    }
  }
}
