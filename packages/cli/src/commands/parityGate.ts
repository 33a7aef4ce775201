import path from 'node:path';
import {
  compareParity,
  ParityComparison,
  ParityFile,
  ParityFileError,
  readParityFile,
  redactSecrets,
} from '@platform-kit/plugin-platform-kit-node';
import { z } from 'zod';
import { CliError, EXIT } from '../errors';
import { CliIo } from '../io';
import { parseOrThrow } from '../target';
import { envVarNameOption, textOrJsonOption } from './sharedOptions';
import { uploadResults } from './parityUpload';

const gateOptionsSchema = z.object({
  baseline: z.string({ error: 'is required' }).min(1),
  current: z.string({ error: 'is required' }).min(1),
  maxDrop: z.coerce
    .number({ error: 'must be a number of points' })
    .min(0, 'must be 0 or more points')
    .max(100, 'must be at most 100 points')
    .default(5),
  format: textOrJsonOption,
  upload: z.boolean().default(false),
  url: z
    .url({ protocol: /^https?$/, error: 'must be an http:// or https:// URL' })
    .refine(
      url => !new URL(url).username && !new URL(url).password,
      'must not contain a user or password: the token authenticates',
    )
    .optional(),
  tokenEnv: envVarNameOption.default('PLATFORM_KIT_TOKEN'),
});

/** How many new findings the text report lists before summarising the rest. */
const LISTED_FINDINGS = 20;

const score = (s: number | null) => (s === null ? 'none' : s.toFixed(1));
const points = (drop: number | null) => {
  if (drop === null) return '';
  if (drop > 0) return `\u2212${drop.toFixed(1)}, `;
  return drop < 0 ? `+${(-drop).toFixed(1)}, ` : '\u00b10, ';
};
const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** The report a human reads in a CI log. */
export function formatGateReport(c: ParityComparison): string {
  const lines = [
    `Parity ${score(c.baselineScore)} \u2192 ${score(c.currentScore)} (${points(
      c.drop,
    )}limit ${c.maxDrop}): ${c.passed ? 'passed' : 'FAILED'}`,
    `  ${c.entityRef}`,
  ];
  if (c.explanation) lines.push(`  ${c.explanation}`);
  const { worse, better } = c;
  const anyWorse =
    worse.capabilities.length + worse.contracts.length + worse.findings.length;
  if (anyWorse) {
    lines.push('', 'Got worse:');
    for (const x of worse.capabilities) {
      const ended = x.exemptionEnded
        ? ` (its exemption ended, was valid until ${x.exemptionEnded.expiresAt})`
        : '';
      lines.push(
        `  capability ${x.capabilityId} "${x.title}" (severity ${x.severity}): ${x.from} \u2192 ${x.to}${ended}`,
      );
    }
    for (const x of worse.contracts)
      lines.push(
        `  contract ${x.capabilityId} / ${x.contractId} "${x.title}": ${
          x.from ?? 'new'
        } \u2192 ${x.to}`,
      );
    for (const f of worse.findings.slice(0, LISTED_FINDINGS))
      lines.push(
        `  new finding ${f.level} ${f.name} ${f.cache_key}: ${f.detail}`,
      );
    if (worse.findings.length > LISTED_FINDINGS)
      lines.push(
        `  \u2026 and ${plural(
          worse.findings.length - LISTED_FINDINGS,
          'more new finding',
        )} (--format json lists all)`,
      );
  } else {
    lines.push('', 'Nothing got worse.');
  }
  const improved = [
    ...better.capabilities.map(
      x => `${x.capabilityId} ${x.from} \u2192 ${x.to}`,
    ),
    ...(better.contracts.length
      ? [`${plural(better.contracts.length, 'contract')} better`]
      : []),
    ...(better.findings.length
      ? [`${plural(better.findings.length, 'finding')} fixed`]
      : []),
  ];
  if (improved.length) lines.push(`Got better: ${improved.join('; ')}`);
  if (c.findingsNote) lines.push(`Note: ${c.findingsNote}.`);
  return `${lines.join('\n')}\n`;
}

/**
 * `platform-kit parity gate`: exit 1 when the current parity score dropped
 * more than --max-drop points below the baseline; --upload pushes the current
 * results to the control plane either way.
 */
export async function parityGate(
  raw: Record<string, unknown>,
  io: CliIo,
): Promise<number> {
  const options = parseOrThrow(gateOptionsSchema, {
    ...raw,
    url: raw.url ?? (io.env.PLATFORM_KIT_URL || undefined),
  });
  let upload: { url: string; token: string } | undefined;
  if (options.upload) {
    if (!options.url)
      throw new CliError(
        '--upload needs --url <control plane base URL> or PLATFORM_KIT_URL',
      );
    const token = io.env[options.tokenEnv];
    if (!token)
      throw new CliError(
        `--upload needs the control plane token in $${options.tokenEnv} (it is empty or not set)`,
      );
    upload = { url: options.url, token };
  }
  let comparison: ParityComparison;
  let current: ParityFile;
  try {
    const baseline = await readParityFile(
      path.resolve(io.cwd, options.baseline),
    );
    current = await readParityFile(path.resolve(io.cwd, options.current));
    comparison = compareParity(baseline, current, {
      maxDrop: options.maxDrop,
    });
  } catch (error) {
    if (error instanceof ParityFileError) throw new CliError(error.message);
    throw error;
  }
  if (options.format === 'text') io.stdout(formatGateReport(comparison));
  let scanId: string | undefined;
  let uploadError: unknown;
  if (upload) {
    try {
      scanId = await uploadResults(current, {
        ...upload,
        tokenEnv: options.tokenEnv,
      });
      if (options.format === 'text')
        io.stdout(
          `Uploaded to ${redactSecrets(upload.url, [])}: scan ${scanId}\n`,
        );
    } catch (error) {
      uploadError = error;
    }
  }
  if (options.format === 'json')
    io.stdout(
      `${JSON.stringify(
        {
          ...comparison,
          ...(upload ? { upload: { scanId: scanId ?? null } } : {}),
        },
        null,
        2,
      )}\n`,
    );
  if (uploadError) throw uploadError;
  return comparison.passed ? EXIT.ok : EXIT.findings;
}
