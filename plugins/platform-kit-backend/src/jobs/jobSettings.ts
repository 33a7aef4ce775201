import { Config } from '@backstage/config';
import { z } from 'zod';

const seconds = z.number().positive().finite();

/** `platformKit.jobs` (documented in config.d.ts and docs/jobs.md). */
const jobsConfigSchema = z
  .object({
    leaseSeconds: seconds.default(60),
    heartbeatSeconds: seconds.default(15),
    pollSeconds: seconds.default(5),
    plannerSeconds: seconds.default(30),
    concurrency: z.number().int().min(1).max(1000).default(8),
    retentionDays: z.number().positive().default(14),
  })
  .strict()
  .refine(c => c.heartbeatSeconds * 2 <= c.leaseSeconds, {
    message:
      'heartbeatSeconds must be at most half of leaseSeconds, so that one missed heartbeat does not lose the lease',
    path: ['heartbeatSeconds'],
  });

/** How the job workers of a replica claim, lease and plan work. */
export interface JobSettings {
  /** How long a claimed job is a replica's without a heartbeat. */
  leaseMs: number;
  /** How often a replica renews the leases of the jobs it runs. */
  heartbeatMs: number;
  /** How often a replica's worker reaps expired leases and claims due jobs. */
  pollMs: number;
  /** How often the planner (one replica at a time) enqueues scheduled work. */
  plannerMs: number;
  /** Jobs one replica runs at once. */
  concurrency: number;
  /** Finished jobs are deleted after this many days (scans and plans stay). */
  retentionDays: number;
}

export const DEFAULT_JOB_SETTINGS: JobSettings = toSettings(
  jobsConfigSchema.parse({}),
);

function toSettings(c: z.infer<typeof jobsConfigSchema>): JobSettings {
  return {
    leaseMs: c.leaseSeconds * 1000,
    heartbeatMs: c.heartbeatSeconds * 1000,
    pollMs: c.pollSeconds * 1000,
    plannerMs: c.plannerSeconds * 1000,
    concurrency: c.concurrency,
    retentionDays: c.retentionDays,
  };
}

/** Reads and checks `platformKit.jobs`; a bad value fails start-up with its path. */
export function readJobSettings(config: Config): JobSettings {
  const raw = config.getOptionalConfig('platformKit.jobs')?.get() ?? {};
  const parsed = jobsConfigSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const path = ['platformKit', 'jobs', ...issue.path.map(String)].join('.');
    throw new Error(`${path}: ${issue.message}`);
  }
  return toSettings(parsed.data);
}
