import { LoggerService } from '@backstage/backend-plugin-api';
import { JobStore } from './JobStore';

interface Held {
  token: string;
  done: Promise<void>;
  /** When the lease was last known to be renewed (the renewal was sent then). */
  renewedAt: number;
  /** After this time the lease is no longer renewed: the run took too long. */
  deadline: number;
  /** Taken over by another replica: no longer renewed. */
  lost?: boolean;
}

/**
 * The leases a replica holds while it works: renewed together, one UPDATE
 * per interval, for as long as their work runs. A lease found taken over
 * (its token gone) is reported; that run's writes are fenced by the token.
 */
export class Heartbeat {
  private readonly held = new Map<string, Held>();
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly options: {
      store: JobStore;
      logger: LoggerService;
      leaseMs: number;
      intervalMs: number;
    },
  ) {}

  get size(): number {
    return this.held.size;
  }

  /**
   * Holds a job's lease while `work` runs, for at most `maxRunMs`; resolves
   * when it has settled (never rejects).
   */
  add(
    jobId: string,
    token: string,
    work: () => Promise<void>,
    maxRunMs = Infinity,
  ): Promise<void> {
    const done = Promise.resolve()
      .then(work)
      .catch(error =>
        this.options.logger.error(`job ${jobId} failed to run: ${error}`),
      )
      .finally(() => {
        if (this.held.get(jobId)?.token === token) this.held.delete(jobId);
        if (!this.held.size) this.pause();
      });
    const now = Date.now();
    this.held.set(jobId, {
      token,
      done,
      renewedAt: now,
      deadline: now + maxRunMs,
    });
    if (!this.timer) {
      this.timer = setInterval(() => void this.beat(), this.options.intervalMs);
      this.timer.unref();
    }
    return done;
  }

  /**
   * Whether this replica still holds a job's lease as far as it knows: not
   * taken over, and renewed within a lease (a replica cut off from the store
   * stops counting on it once its last renewal has run out).
   */
  holds(jobId: string, token: string): boolean {
    const held = this.held.get(jobId);
    return Boolean(
      held &&
        held.token === token &&
        !held.lost &&
        Date.now() < held.renewedAt + this.options.leaseMs,
    );
  }

  /** Waits for the work held (up to `ms`), renewing its leases meanwhile; then stops. */
  async drain(ms: number): Promise<void> {
    const all = Promise.all([...this.held.values()].map(h => h.done));
    let timeout: NodeJS.Timeout | undefined;
    await Promise.race([
      all,
      new Promise(resolve => {
        timeout = setTimeout(resolve, ms);
      }),
    ]);
    clearTimeout(timeout);
    this.pause();
  }

  private pause() {
    clearInterval(this.timer);
    this.timer = undefined;
  }

  private async beat() {
    // A run past its deadline lets its lease run out: a reaper takes the job over, its slot is free.
    for (const [id, held] of [...this.held.entries()])
      if (Date.now() > held.deadline) {
        this.held.delete(id);
        this.options.logger.warn(
          `job ${id} has run longer than its type allows: its lease is left to run out and the job to be reaped`,
        );
      }
    if (!this.held.size) {
      this.pause();
      return;
    }
    const runs = [...this.held.entries()]
      .filter(([, h]) => !h.lost)
      .map(([id, h]) => ({ id, token: h.token }));
    if (!runs.length) return;
    const sent = Date.now();
    try {
      const kept = await this.options.store.renew(runs, this.options.leaseMs);
      for (const run of runs) {
        const held = this.held.get(run.id);
        if (held?.token !== run.token) continue;
        if (kept.has(run.token)) {
          held.renewedAt = sent;
          continue;
        }
        held.lost = true;
        this.options.logger.warn(
          `job ${run.id} is no longer this backend's (its lease was taken over): what it still does is not recorded`,
        );
      }
    } catch (error) {
      this.options.logger.warn(`could not renew job leases: ${error}`);
    }
  }
}
