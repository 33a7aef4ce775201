/**
 * The metrics the control plane exports through OpenTelemetry, by the names
 * Prometheus shows them under. Dashboards and alert rules in `infra/` use
 * exactly these names and labels (a test keeps them in step).
 */
export const METRICS = {
  /** Finished scans (after all attempts). Labels: outcome (succeeded|failed), target, target_kind. */
  scans: 'platform_kit_scans_total',
  /** Scan duration in seconds, first attempt to outcome. Labels: outcome, target, target_kind. */
  scanDuration: 'platform_kit_scan_duration_seconds',
  /** Findings of each target's latest good scan. Labels: target, level (ERROR|WARN|INFO). */
  findings: 'platform_kit_findings',
  /** Current parity score (0-100) of each evaluated entity. Labels: entity_ref, owner, system. */
  parityScore: 'platform_kit_parity_score',
  /** 1 when the target's latest scan succeeded, 0 when it failed. Labels: target, target_kind (supabase-project|repository|connector). */
  targetUp: 'platform_kit_target_up',
} as const;

export const METRIC_LABELS: Record<keyof typeof METRICS, string[]> = {
  scans: ['outcome', 'target', 'target_kind'],
  scanDuration: ['outcome', 'target', 'target_kind'],
  findings: ['target', 'level'],
  parityScore: ['entity_ref', 'owner', 'system'],
  targetUp: ['target', 'target_kind'],
};
