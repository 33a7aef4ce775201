/**
 * Benchmark of `platform-kit docs sync-check`'s drift measure (normalisation
 * plus bounded Levenshtein) on two agent instruction files of 100 KB, against
 * baselines measured in the same run: the textbook full-matrix Levenshtein on
 * the same kind of text at a size it can do (and its cost per cell, which
 * gives its time at 100 KB), and a plain string compare of the two files.
 *
 *   ./kit tsx bench/doc-drift/run.ts
 *
 * Environment: BENCH_SIZE_KB (100), BENCH_RUNS (5), BENCH_NAIVE_KB (8),
 * BENCH_MAX_DRIFT (10).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { measureDocDrift } from '../../plugins/platform-kit-node/src/governance/docDrift';

const SIZE = Number(process.env.BENCH_SIZE_KB ?? 100) * 1000;
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const NAIVE_SIZE = Number(process.env.BENCH_NAIVE_KB ?? 8) * 1000;
const MAX_DRIFT = Number(process.env.BENCH_MAX_DRIFT ?? 10);
const root = path.resolve(__dirname, '../..');

/** A deterministic pseudo-random sequence, so every run measures the same texts. */
function random(seed: number) {
  let state = seed;
  return () => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state / 2147483648;
  };
}

/** Real Markdown of this repository, repeated and cut to `size` characters. */
function corpus(files: string[], size: number): string {
  const text = files
    .map(file => path.join(root, file))
    .filter(file => fs.existsSync(file))
    .map(file => fs.readFileSync(file, 'utf8'))
    .join('\n\n');
  return text.repeat(Math.ceil(size / text.length)).slice(0, size);
}

function rewriteLines(
  text: string,
  other: string,
  share: number,
  seed: number,
): string {
  const next = random(seed);
  const replacements = other.split('\n');
  return text
    .split('\n')
    .map((line, i) =>
      next() < share ? replacements[i % replacements.length] : line,
    )
    .join('\n');
}

function editCharacters(text: string, edits: number, seed: number): string {
  const next = random(seed);
  const chars = text.split('');
  for (let e = 0; e < edits; e++)
    chars[Math.floor(next() * chars.length)] = '~';
  return chars.join('');
}

/** The textbook dynamic programme over the full n x m matrix (two rows kept). */
function naiveLevenshtein(a: string, b: string): number {
  let row = new Int32Array(b.length + 1).map((_, j) => j);
  let next = new Int32Array(b.length + 1);
  for (let i = 1; i <= a.length; i++) {
    next[0] = i;
    const ca = a.charCodeAt(i - 1);
    for (let j = 1; j <= b.length; j++) {
      const substitution = row[j - 1] + (ca === b.charCodeAt(j - 1) ? 0 : 1);
      const deletion = row[j] + 1;
      const insertion = next[j - 1] + 1;
      next[j] = Math.min(substitution, deletion, insertion);
    }
    [row, next] = [next, row];
  }
  return row[b.length];
}

function median(values: number[]): number {
  const sorted = [...values].sort((x, y) => x - y);
  return sorted[Math.floor(sorted.length / 2)];
}

function time(fn: () => unknown, runs = RUNS): { ms: number; result: unknown } {
  let result: unknown;
  const times: number[] = [];
  fn(); // warm-up
  for (let run = 0; run < runs; run++) {
    const start = process.hrtime.bigint();
    result = fn();
    times.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  return { ms: median(times), result };
}

const reference = corpus(['README.md', 'bench/README.md'], SIZE);
const unrelated = corpus(
  ['docs/architecture.md', 'docs/runbook.md', 'docs/connectors.md'],
  SIZE,
)
  .split('')
  .reverse()
  .join('');
const claude = `# CLAUDE.md\n\n${reference}`;
const asGemini = (text: string) => text.replace(/CLAUDE\.md/g, 'GEMINI.md');

const cases: { name: string; other: string }[] = [
  {
    name: 'same text, CRLF and agent name',
    other: asGemini(claude).replace(/\n/g, '\r\n'),
  },
  {
    name: '0.5 % characters edited',
    other: asGemini(editCharacters(claude, SIZE / 200, 1)),
  },
  {
    name: '3 % of lines rewritten',
    other: asGemini(rewriteLines(claude, unrelated, 0.03, 2)),
  },
  {
    name: '8 % of lines rewritten',
    other: asGemini(rewriteLines(claude, unrelated, 0.08, 3)),
  },
  {
    name: '20 % of lines rewritten',
    other: asGemini(rewriteLines(claude, unrelated, 0.2, 4)),
  },
  { name: 'unrelated text', other: `# GEMINI.md\n\n${unrelated}` },
];

// Floor: a plain compare of two equal 100 KB strings built separately (no interning shortcut).
const left = claude.split('').join('');
const right = claude.split('').join('');
const compare = time(() => left === right, Math.max(RUNS, 50));

// Baseline: the full matrix on NAIVE_SIZE characters of the same text, and its cost per cell.
const smallA = claude.slice(0, NAIVE_SIZE);
const smallB = asGemini(rewriteLines(claude, unrelated, 0.08, 3)).slice(
  0,
  NAIVE_SIZE,
);
const naive = time(() => naiveLevenshtein(smallA, smallB), 3);
const nsPerCell = (naive.ms * 1e6) / (smallA.length * smallB.length);
const ours = time(() =>
  measureDocDrift(
    { file: 'CLAUDE.md', content: smallA },
    { file: 'GEMINI.md', content: smallB },
    { maxPercent: MAX_DRIFT },
  ),
);

const rows = cases.map(({ name, other }) => {
  const { ms, result } = time(() =>
    measureDocDrift(
      { file: 'CLAUDE.md', content: claude },
      { file: 'GEMINI.md', content: other },
      { maxPercent: MAX_DRIFT },
    ),
  );
  const drift = result as ReturnType<typeof measureDocDrift>;
  const naiveEstimateMs = (claude.length * other.length * nsPerCell) / 1e6;
  return {
    name,
    drift: drift.exceeds
      ? `> ${MAX_DRIFT} %`
      : `${drift.percent!.toFixed(2)} %`,
    ms,
    vsCompare: ms / compare.ms,
    naiveEstimateMs,
    speedup: naiveEstimateMs / ms,
  };
});

const fmt = (ms: number) =>
  ms < 1 ? ms.toFixed(3) : ms < 100 ? ms.toFixed(1) : ms.toFixed(0);
console.log(
  `# doc drift: two ${
    SIZE / 1000
  } KB files, --max-drift ${MAX_DRIFT}, median of ${RUNS} runs, ${
    os.cpus().length
  } CPUs, Node ${process.version}\n`,
);
console.log(
  `floor: plain string compare of two equal ${SIZE / 1000} KB strings: ${fmt(
    compare.ms,
  )} ms`,
);
console.log(
  `baseline: full-matrix Levenshtein on ${NAIVE_SIZE / 1000} KB: ${fmt(
    naive.ms,
  )} ms (${nsPerCell.toFixed(
    2,
  )} ns per cell); measureDocDrift on the same pair: ${fmt(ours.ms)} ms (${(
    naive.ms / ours.ms
  ).toFixed(0)}x faster)\n`,
);
console.log(
  '| case | drift | measureDocDrift | vs string compare | full matrix (estimated from ns/cell) | speed-up |',
);
console.log('| --- | ---: | ---: | ---: | ---: | ---: |');
for (const row of rows)
  console.log(
    `| ${row.name} | ${row.drift} | ${fmt(row.ms)} ms | ${row.vsCompare.toFixed(
      0,
    )}x | ${(row.naiveEstimateMs / 1000).toFixed(1)} s | ${row.speedup.toFixed(
      0,
    )}x |`,
  );
console.log(
  JSON.stringify({
    sizeBytes: SIZE,
    maxDrift: MAX_DRIFT,
    runs: RUNS,
    cpus: os.cpus().length,
    compareMs: compare.ms,
    naive: { sizeBytes: NAIVE_SIZE, ms: naive.ms, nsPerCell, oursMs: ours.ms },
    cases: rows,
  }),
);
