import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'libpg-query';

/**
 * Parses SQL with PostgreSQL's own parser (libpg_query) and returns how many
 * statements it holds; a syntax error throws with the parser's message.
 */
export async function parseSql(sql: string): Promise<number> {
  const tree = await parse(sql);
  return tree.stmts?.length ?? 0;
}

export interface SquawkViolation {
  rule: string;
  level: string;
  message: string;
  /** 1-based line in the checked SQL. */
  line: number;
}

/** The squawk binary of this platform (an optional dependency per platform). */
export function squawkBinary(): string {
  const pkg = `@squawk-cli/${process.platform}-${process.arch}`;
  try {
    return path.join(
      path.dirname(require.resolve(`${pkg}/package.json`)),
      'bin',
      'squawk',
    );
  } catch {
    throw new Error(
      `squawk is not installed for ${process.platform}-${process.arch} (${pkg} is not on the npm registry for it)`,
    );
  }
}

/**
 * Lints SQL with squawk (lock and statement timeouts, concurrent index
 * creation, robust statements, ...) as a migration file; `exclude` names rules
 * that do not apply to how the SQL is run.
 */
export function squawkLint(
  sql: string,
  options: { exclude?: string[]; pgVersion?: string } = {},
): SquawkViolation[] {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pk-squawk-'));
  const file = path.join(dir, 'patch.sql');
  fs.writeFileSync(file, sql);
  const args = [
    '--reporter',
    'json',
    '--pg-version',
    options.pgVersion ?? '15',
  ];
  if (options.exclude?.length)
    args.push(`--exclude=${options.exclude.join(',')}`);
  args.push(file);
  let output: string;
  try {
    output = execFileSync(squawkBinary(), args, { encoding: 'utf8' });
  } catch (error) {
    // squawk exits 1 when it reports violations; its report is still on stdout.
    const stdout = (error as { stdout?: string }).stdout;
    if (!stdout) throw error;
    output = stdout;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
  const report = JSON.parse(output || '[]') as {
    rule_name: string;
    level: string;
    message: string;
    line: number;
  }[];
  return report.map(v => ({
    rule: v.rule_name,
    level: v.level,
    message: v.message,
    line: v.line + 1,
  }));
}
