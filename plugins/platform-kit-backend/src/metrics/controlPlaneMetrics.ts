import { Meter, metrics } from '@opentelemetry/api';
import { Knex } from 'knex';
import { METRICS } from './metricNames';

export type ScanOutcome = 'succeeded' | 'failed';

interface Snapshot {
  findings: { target: string; level: string; count: number }[];
  scores: { entityRef: string; owner: string; system: string; score: number }[];
  up: { target: string; targetKind: string; up: number }[];
}

const LEVELS = ['ERROR', 'WARN', 'INFO'];
const CACHE_MS = 10_000;

/**
 * The control plane's OpenTelemetry metrics. Counters and the duration
 * histogram are recorded as scans finish; the gauges (findings, parity
 * scores, target health) are read from the ops store when collected, at most
 * once per 10 s, so every replica reports the same values.
 */
export class ControlPlaneMetrics {
  private readonly scans;
  private readonly duration;
  private cached?: { at: number; value: Promise<Snapshot> };

  constructor(
    private readonly knex: Knex,
    private readonly projectId: string,
    meter: Meter = metrics.getMeter(
      '@platform-kit/plugin-platform-kit-backend',
    ),
  ) {
    this.scans = meter.createCounter(METRICS.scans.replace(/_total$/, ''), {
      description: 'Finished scans by outcome',
    });
    this.duration = meter.createHistogram(METRICS.scanDuration, {
      description: 'Scan duration in seconds, first attempt to outcome',
      advice: {
        explicitBucketBoundaries: [0.5, 1, 2.5, 5, 10, 30, 60, 180, 600, 900],
      },
    });
    const findings = meter.createObservableGauge(METRICS.findings, {
      description: "Findings of each target's latest good scan, by level",
    });
    const score = meter.createObservableGauge(METRICS.parityScore, {
      description: 'Current parity score (0-100) of each evaluated entity',
    });
    const up = meter.createObservableGauge(METRICS.targetUp, {
      description:
        "1 when the target's latest scan succeeded, 0 when it failed",
    });
    meter.addBatchObservableCallback(
      async result => {
        const snapshot = await this.snapshot();
        for (const f of snapshot.findings)
          result.observe(findings, f.count, {
            target: f.target,
            level: f.level,
          });
        for (const s of snapshot.scores)
          result.observe(score, s.score, {
            entity_ref: s.entityRef,
            owner: s.owner,
            system: s.system,
          });
        for (const t of snapshot.up)
          result.observe(up, t.up, {
            target: t.target,
            target_kind: t.targetKind,
          });
      },
      [findings, score, up],
    );
  }

  recordScan(
    outcome: ScanOutcome,
    target: { name: string; kind: string },
    seconds: number,
  ) {
    const attributes = {
      outcome,
      target: target.name,
      target_kind: target.kind,
    };
    this.scans.add(1, attributes);
    this.duration.record(seconds, attributes);
  }

  private snapshot(): Promise<Snapshot> {
    const now = Date.now();
    if (!this.cached || now - this.cached.at > CACHE_MS) {
      const value = this.read();
      // A failed read is not cached: the next collection tries again.
      value.catch(() => {
        if (this.cached?.value === value) this.cached = undefined;
      });
      this.cached = { at: now, value };
    }
    return this.cached.value;
  }

  private async read(): Promise<Snapshot> {
    const latest = `SELECT DISTINCT ON (target_id) id, target_id, status FROM ops.scans
                     WHERE project_id = ? AND status IN (?, ?) ORDER BY target_id, finished_at DESC`;
    const [findings, scores, up] = await Promise.all([
      this.knex.raw(
        `SELECT t.name, f.level, count(*)::int AS n
           FROM (SELECT DISTINCT ON (target_id) id, target_id FROM ops.scans
                  WHERE project_id = ? AND status = 'succeeded' ORDER BY target_id, finished_at DESC) s
           JOIN ops.targets t ON t.id = s.target_id
           LEFT JOIN ops.findings f ON f.scan_id = s.id
          GROUP BY 1, 2`,
        [this.projectId],
      ),
      this.knex.raw(
        `SELECT entity_ref, owner, system, score FROM ops.entities
          WHERE project_id = ? AND in_catalog AND score IS NOT NULL`,
        [this.projectId],
      ),
      this.knex.raw(
        `SELECT t.name, t.kind, s.status FROM (${latest}) s JOIN ops.targets t ON t.id = s.target_id`,
        [this.projectId, 'succeeded', 'failed'],
      ),
    ]);
    const counts = new Map<string, Map<string, number>>();
    for (const r of findings.rows) {
      const byLevel = counts.get(r.name) ?? new Map<string, number>();
      if (r.level) byLevel.set(r.level, r.n);
      counts.set(r.name, byLevel);
    }
    return {
      findings: [...counts].flatMap(([target, byLevel]) =>
        LEVELS.map(level => ({
          target,
          level,
          count: byLevel.get(level) ?? 0,
        })),
      ),
      scores: scores.rows.map((r: any) => ({
        entityRef: r.entity_ref,
        owner: r.owner ?? '',
        system: r.system ?? '',
        score: Number(r.score),
      })),
      up: up.rows.map((r: any) => ({
        target: r.name,
        targetKind: r.kind,
        up: r.status === 'succeeded' ? 1 : 0,
      })),
    };
  }
}
