import fs from 'fs';
import path from 'path';
import { parse as parseYaml } from 'yaml';
import { METRICS, METRIC_LABELS } from './metricNames';

/**
 * Keeps the observability artefacts in `infra/` (Grafana dashboards, Prometheus
 * rules) and the PromQL in `docs/runbook.md` in step with the metric names and
 * labels the backend exports.
 */

const repoRoot = path.resolve(__dirname, '../../../..');
const dashboardsDir = path.join(repoRoot, 'infra/dashboards');
const alertsFile = path.join(repoRoot, 'infra/prometheus/alerts.yml');
const prometheusFile = path.join(repoRoot, 'infra/prometheus/prometheus.yml');
const runbookFile = path.join(repoRoot, 'docs/runbook.md');

const DASHBOARDS = [
  'scan-health.json',
  'parity-trends.json',
  'connector-health.json',
];
const REQUIRED_ALERTS = [
  'ParityScoreDrop',
  'ScanFailureRateHigh',
  'ConnectorDown',
  'TargetScanFailing',
];
const SEVERITIES = ['critical', 'warning', 'info'];

type MetricKey = keyof typeof METRICS;
const HISTOGRAMS: MetricKey[] = ['scanDuration'];
const HISTOGRAM_SUFFIXES = ['_bucket', '_sum', '_count'];
/** Labels Prometheus adds to every scraped series. */
const TARGET_LABELS = ['job', 'instance'];

/** The labels a series of this name carries, or undefined when it is not one of ours. */
function labelsOf(name: string): string[] | undefined {
  for (const key of Object.keys(METRICS) as MetricKey[]) {
    const labels = [...METRIC_LABELS[key], ...TARGET_LABELS];
    if (METRICS[key] === name) return labels;
    if (!HISTOGRAMS.includes(key)) continue;
    for (const suffix of HISTOGRAM_SUFFIXES) {
      if (name === `${METRICS[key]}${suffix}`) {
        return suffix === '_bucket' ? [...labels, 'le'] : labels;
      }
    }
  }
  return undefined;
}

const OUR_NAME = /(?<![\w:])platform_kit_[a-zA-Z0-9_:]*/g;
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

/** Blanks string literals and comments, so that only PromQL syntax is left. */
function stripStrings(expr: string): string {
  return expr
    .replace(/"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|`[^`]*`/g, '""')
    .replace(/#[^\n]*/g, '');
}

function ourNames(text: string): string[] {
  return [...new Set(text.match(OUR_NAME) ?? [])];
}

function closingParen(text: string, open: number): number {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    if (text[i] === '(') depth++;
    if (text[i] === ')' && --depth === 0) return i;
  }
  return -1;
}

function openingParen(text: string, close: number): number {
  let depth = 0;
  for (let i = close; i >= 0; i--) {
    if (text[i] === ')') depth++;
    if (text[i] === '(' && --depth === 0) return i;
  }
  return -1;
}

function splitLabels(list: string): string[] {
  return list
    .split(',')
    .map(l => l.trim())
    .filter(Boolean);
}

/** Problems of one PromQL expression (or Grafana variable query). */
function checkExpr(source: string, rawExpr: string): string[] {
  const problems: string[] = [];
  const expr = stripStrings(rawExpr);
  const names = ourNames(expr);

  for (const name of names) {
    if (!labelsOf(name)) problems.push(`${source}: unknown metric ${name}`);
  }

  // Label matchers in selectors: platform_kit_x{label="...", ...}
  for (const m of expr.matchAll(
    /(platform_kit_[a-zA-Z0-9_:]*)\s*\{([^}]*)\}/g,
  )) {
    const allowed = labelsOf(m[1]);
    if (!allowed) continue;
    for (const matcher of m[2].matchAll(
      /([a-zA-Z_][a-zA-Z0-9_]*)\s*(?:=~|!~|!=|=)/g,
    )) {
      if (!allowed.includes(matcher[1])) {
        problems.push(`${source}: ${m[1]} has no label ${matcher[1]}`);
      }
    }
  }

  // Grafana: label_values(platform_kit_x{...}, label)
  for (const m of expr.matchAll(
    /label_values\(\s*(platform_kit_[a-zA-Z0-9_:]*)[^,]*,\s*([a-zA-Z_]\w*)\s*\)/g,
  )) {
    const allowed = labelsOf(m[1]);
    if (allowed && !allowed.includes(m[2])) {
      problems.push(`${source}: ${m[1]} has no label ${m[2]}`);
    }
  }

  // Aggregations: sum by (labels) (arg) or sum (arg) by (labels). The labels must be
  // on every one of our metrics inside the aggregated argument.
  for (const m of expr.matchAll(/\b(by|without)\s*\(([^)]*)\)/g)) {
    const before = expr.slice(0, m.index).trimEnd();
    let argument: string;
    if (before.endsWith(')')) {
      const open = openingParen(expr, before.length - 1);
      argument = expr.slice(open, before.length);
    } else {
      const open = expr.indexOf('(', m.index! + m[0].length);
      argument = open < 0 ? '' : expr.slice(open, closingParen(expr, open) + 1);
    }
    const inside = ourNames(argument).filter(n => labelsOf(n));
    for (const label of splitLabels(m[2])) {
      if (!LABEL_NAME.test(label)) {
        problems.push(`${source}: bad label "${label}" in ${m[1]} (...)`);
        continue;
      }
      for (const name of inside) {
        if (!labelsOf(name)!.includes(label)) {
          problems.push(`${source}: ${m[1]} (${label}) over ${name}`);
        }
      }
    }
  }

  // Vector matching: on / ignoring / group_left / group_right must name labels of our metrics.
  const ours = names.filter(n => labelsOf(n));
  if (ours.length) {
    const known = new Set(ours.flatMap(n => labelsOf(n)!));
    for (const m of expr.matchAll(
      /\b(on|ignoring|group_left|group_right)\s*\(([^)]*)\)/g,
    )) {
      for (const label of splitLabels(m[2])) {
        if (!known.has(label)) {
          problems.push(
            `${source}: ${m[1]} (${label}) is not a label of ${ours.join(
              ', ',
            )}`,
          );
        }
      }
    }
  }
  return problems;
}

/** GitHub's heading anchors: lower case, punctuation dropped, spaces to '-', duplicates numbered. */
function markdownAnchors(markdown: string): Set<string> {
  const anchors = new Set<string>();
  const seen = new Map<string, number>();
  let fenced = false;
  for (const line of markdown.split('\n')) {
    if (/^\s*(```|~~~)/.test(line)) fenced = !fenced;
    const heading = !fenced && /^#{1,6}\s+(.*?)\s*#*\s*$/.exec(line);
    if (!heading) continue;
    const base = heading[1]
      .toLowerCase()
      .replace(/[^\p{L}\p{N}\s_-]/gu, '')
      .replace(/\s/g, '-');
    const count = seen.get(base) ?? 0;
    seen.set(base, count + 1);
    anchors.add(count ? `${base}-${count}` : base);
  }
  return anchors;
}

function promqlBlocks(markdown: string): string[] {
  return [...markdown.matchAll(/```promql\n([\s\S]*?)```/g)].map(m => m[1]);
}

type Panel = {
  type?: string;
  title?: string;
  datasource?: { type?: string; uid?: string };
  targets?: Array<{ expr?: string; datasource?: { uid?: string } }>;
  panels?: Panel[];
};

function allPanels(panels: Panel[] = []): Panel[] {
  return panels.flatMap(p => [p, ...allPanels(p.panels)]);
}

function readDashboard(file: string) {
  return JSON.parse(fs.readFileSync(path.join(dashboardsDir, file), 'utf8'));
}

function readAlertRules(): any[] {
  const doc = parseYaml(fs.readFileSync(alertsFile, 'utf8'));
  return (doc?.groups ?? []).flatMap((g: any) => g.rules ?? []);
}

describe('PromQL checker', () => {
  it('accepts our names and labels', () => {
    expect(
      checkExpr(
        't',
        'histogram_quantile(0.95, sum by (le, target) (rate(platform_kit_scan_duration_seconds_bucket{outcome="failed", job="backstage"}[1h])))',
      ),
    ).toEqual([]);
    expect(
      checkExpr(
        't',
        'sum(platform_kit_findings) by (level) / on (target) group_left () platform_kit_target_up',
      ),
    ).toEqual([]);
  });

  it('reports unknown metrics and labels', () => {
    expect(checkExpr('t', 'rate(platform_kit_scan_total[1h])')).toEqual([
      't: unknown metric platform_kit_scan_total',
    ]);
    expect(checkExpr('t', 'platform_kit_findings_bucket')).toHaveLength(1);
    expect(checkExpr('t', 'platform_kit_target_up{owner="x"}')).toEqual([
      't: platform_kit_target_up has no label owner',
    ]);
    expect(
      checkExpr('t', 'avg by (target) (platform_kit_parity_score)'),
    ).toEqual(['t: by (target) over platform_kit_parity_score']);
    expect(checkExpr('t', 'sum(platform_kit_scans_total) by (level)')).toEqual([
      't: by (level) over platform_kit_scans_total',
    ]);
    expect(
      checkExpr('t', 'label_values(platform_kit_target_up, entity_ref)'),
    ).toEqual(['t: platform_kit_target_up has no label entity_ref']);
  });

  it('computes GitHub anchors', () => {
    expect([
      ...markdownAnchors(
        '# Ops\n## Incident response: parity drop\n```sh\n# not a heading\n```\n## Ops',
      ),
    ]).toEqual(['ops', 'incident-response-parity-drop', 'ops-1']);
  });
});

describe('Grafana dashboards', () => {
  it.each(DASHBOARDS)('%s uses only exported metrics and labels', file => {
    const dashboard = readDashboard(file);
    expect(dashboard.schemaVersion).toBe(39);
    expect(dashboard.uid).toEqual(expect.any(String));

    const variables: any[] = dashboard.templating?.list ?? [];
    const dsVar = variables.find(
      v => v.type === 'datasource' && v.query === 'prometheus',
    );
    expect(dsVar).toBeDefined();
    const dsUid = `\${${dsVar.name}}`;
    const defined = new Set(variables.map(v => v.name));

    const problems: string[] = [];
    const exprs: Array<[string, string]> = [];
    for (const v of variables.filter(x => x.type === 'query')) {
      const query = typeof v.query === 'string' ? v.query : v.query?.query;
      exprs.push([`${file} variable ${v.name}`, query ?? '']);
    }

    const panels = allPanels(dashboard.panels);
    const queried = panels.filter(p => !['row', 'text'].includes(p.type!));
    expect(queried.length).toBeGreaterThan(0);
    for (const panel of queried) {
      const where = `${file} panel "${panel.title}"`;
      if (panel.datasource?.uid !== dsUid) {
        problems.push(`${where}: datasource is not ${dsUid}`);
      }
      if (!panel.targets?.length) problems.push(`${where}: no queries`);
      for (const t of panel.targets ?? []) {
        if (!t.expr?.trim()) problems.push(`${where}: empty query`);
        if (t.datasource && t.datasource.uid !== dsUid) {
          problems.push(`${where}: query datasource is not ${dsUid}`);
        }
        exprs.push([where, t.expr ?? '']);
      }
    }

    for (const [where, expr] of exprs) {
      problems.push(...checkExpr(where, expr));
      for (const m of expr.matchAll(/\$\{?(\w+)/g)) {
        if (!m[1].startsWith('__') && !defined.has(m[1])) {
          problems.push(`${where}: undefined variable $${m[1]}`);
        }
      }
    }
    expect(exprs.some(([, e]) => ourNames(e).length)).toBe(true);
    expect(problems).toEqual([]);
  });
});

describe('Prometheus rules', () => {
  const anchors = markdownAnchors(fs.readFileSync(runbookFile, 'utf8'));

  it('has the required alerts', () => {
    const names = readAlertRules().map(r => r.alert);
    expect(names).toEqual(expect.arrayContaining(REQUIRED_ALERTS));
    expect(new Set(names).size).toBe(names.length);
  });

  it('uses only exported metrics and labels, with severity, summary and a runbook anchor', () => {
    const rules = readAlertRules();
    expect(rules.length).toBeGreaterThan(0);
    const problems: string[] = [];
    for (const rule of rules) {
      const where = `alerts.yml ${rule.alert ?? rule.record}`;
      if (typeof rule.expr !== 'string' || !rule.expr.trim()) {
        problems.push(`${where}: no expr`);
        continue;
      }
      problems.push(...checkExpr(where, rule.expr));
      if (!ourNames(rule.expr).length) {
        problems.push(`${where}: uses no Platform Kit metric`);
      }
      if (!rule.alert) continue;
      if (!SEVERITIES.includes(rule.labels?.severity)) {
        problems.push(`${where}: severity must be one of ${SEVERITIES}`);
      }
      if (!rule.annotations?.summary) problems.push(`${where}: no summary`);
      if (!rule.annotations?.description) {
        problems.push(`${where}: no description`);
      }
      const url: string = rule.annotations?.runbook_url ?? '';
      const anchor = /(?:^|\/)docs\/runbook\.md#([^#\s]+)$/.exec(url)?.[1];
      if (!anchor) {
        problems.push(
          `${where}: runbook_url "${url}" is not docs/runbook.md#<anchor>`,
        );
      } else if (!anchors.has(anchor)) {
        problems.push(`${where}: docs/runbook.md has no heading #${anchor}`);
      }
    }
    expect(problems).toEqual([]);
  });

  it('is loaded by the example Prometheus config', () => {
    const config = parseYaml(fs.readFileSync(prometheusFile, 'utf8'));
    expect(config.rule_files).toContain('alerts.yml');
    const job = config.scrape_configs.find(
      (c: any) => c.job_name === 'backstage',
    );
    expect(job.static_configs[0].targets).toContain('localhost:9464');
  });
});

describe('runbook PromQL', () => {
  it('uses only exported metrics and labels', () => {
    const blocks = promqlBlocks(fs.readFileSync(runbookFile, 'utf8'));
    expect(blocks.length).toBeGreaterThan(0);
    const problems = blocks.flatMap((block, i) =>
      checkExpr(`runbook.md promql block ${i + 1}`, block),
    );
    expect(problems).toEqual([]);
  });
});
