import fs from 'node:fs';
import { withClient } from '../postgres/connection';
import { UserFacingError } from '../util/fail';
import { Exit, LogLine } from './container';

export interface LogFindings {
  errors: string[];
  warnings: string[];
}

/** Lines every start prints that are not log records (the config loader's banner). */
const KNOWN_PLAIN_LINES = [/^Loading config from /];

/**
 * Sorts a production backend's output: JSON records at level error or fatal
 * are errors, at warn warnings; any other plain line is an error unless it is
 * a known banner (an uncaught exception prints plain lines).
 */
export function findLogProblems(lines: LogLine[]): LogFindings {
  const findings: LogFindings = { errors: [], warnings: [] };
  for (const { text } of lines) {
    let record:
      | { level?: unknown; message?: unknown; plugin?: unknown }
      | undefined;
    try {
      const parsed = JSON.parse(text);
      if (parsed && typeof parsed === 'object') record = parsed;
    } catch {
      record = undefined;
    }
    if (!record) {
      if (!KNOWN_PLAIN_LINES.some(known => known.test(text))) {
        findings.errors.push(text);
      }
      continue;
    }
    const where =
      typeof record.plugin === 'string' ? `[${record.plugin}] ` : '';
    const message = `${where}${String(record.message ?? text)}`;
    if (record.level === 'error' || record.level === 'fatal') {
      findings.errors.push(message);
    } else if (record.level === 'warn') {
      findings.warnings.push(message);
    }
  }
  return findings;
}

/** Migration versions in a folder: `NNNN_name.sql` → `NNNN_name`, in name order. */
export function migrationVersions(dir: string): string[] {
  return fs
    .readdirSync(dir)
    .filter(file => file.endsWith('.sql'))
    .sort()
    .map(file => file.replace(/\.sql$/, ''));
}

/** Versions recorded in `ops.schema_migrations` of a database. */
export async function appliedMigrations(
  databaseUrl: string,
): Promise<string[]> {
  return withClient(databaseUrl, async client => {
    const { rows } = await client.query<{ version: string }>(
      'SELECT version FROM ops.schema_migrations ORDER BY version',
    );
    return rows.map(row => row.version);
  });
}

/** What differs between the migrations a package ships and those a database has. */
export function compareMigrations(
  expected: string[],
  applied: string[],
): { missing: string[]; unexpected: string[] } {
  return {
    missing: expected.filter(version => !applied.includes(version)),
    unexpected: applied.filter(version => !expected.includes(version)),
  };
}

export interface HttpAnswer {
  status: number;
  body: unknown;
}

/** GET a URL; the body parsed as JSON when it is JSON. */
export async function getAnswer(
  url: string,
  timeoutMs = 5000,
): Promise<HttpAnswer> {
  const res = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
  const text = await res.text();
  try {
    return { status: res.status, body: JSON.parse(text) };
  } catch {
    return { status: res.status, body: text };
  }
}

/**
 * Polls `url` until it answers 200, the process exits (refused with its exit)
 * or `timeoutMs` passes. Resolves to the last answer.
 */
export async function waitUntilOk(
  url: string,
  options: { timeoutMs: number; exited: Promise<Exit>; intervalMs?: number },
): Promise<HttpAnswer> {
  let exit: Exit | undefined;
  options.exited.then(e => {
    exit = e;
  });
  const deadline = Date.now() + options.timeoutMs;
  let last: HttpAnswer | undefined;
  while (Date.now() < deadline) {
    if (exit) {
      throw new UserFacingError(
        `The backend exited (code ${exit.code}, signal ${exit.signal}) before ${url} answered.`,
      );
    }
    try {
      last = await getAnswer(url, 2000);
      if (last.status === 200) return last;
    } catch {
      // not listening yet
    }
    await new Promise(resolve =>
      setTimeout(resolve, options.intervalMs ?? 500),
    );
  }
  throw new UserFacingError(
    `${url} did not answer 200 within ${options.timeoutMs / 1000} s (last: ${
      last ? `${last.status} ${JSON.stringify(last.body)}` : 'no answer'
    }).`,
  );
}
