import { UserFacingError } from '../util/fail';

/** One Dockerfile instruction, continuation lines joined. */
export interface Instruction {
  /** 1-based line where the instruction starts. */
  line: number;
  /** Upper-cased, e.g. `COPY`. */
  keyword: string;
  /** Leading `--name=value` flags (a flag may repeat, e.g. `--mount`). */
  flags: { name: string; value: string }[];
  /** What follows the keyword and its flags, trimmed. */
  rest: string;
  /** The arguments when `rest` is a JSON array (exec form), else undefined. */
  json?: string[];
}

function parseJsonArray(rest: string): string[] | undefined {
  if (!rest.startsWith('[')) return undefined;
  try {
    const value: unknown = JSON.parse(rest);
    if (Array.isArray(value) && value.every(v => typeof v === 'string')) {
      return value;
    }
  } catch {
    // not exec form: Docker treats it as shell form too
  }
  return undefined;
}

function splitFlags(text: string): Pick<Instruction, 'flags' | 'rest'> {
  const flags: Instruction['flags'] = [];
  let rest = text;
  for (;;) {
    const match = /^--([a-z][a-z-]*)(?:=(\S*))?(?:\s+|$)/.exec(rest);
    if (!match) break;
    flags.push({ name: match[1], value: match[2] ?? '' });
    rest = rest.slice(match[0].length);
  }
  return { flags, rest: rest.trim() };
}

/**
 * Parses a Dockerfile into instructions: comments and blank lines dropped
 * (also inside a continuation, as Docker does), lines ending in `\` joined
 * with the next, leading `--flag=value` kept apart.
 */
export function parseDockerfile(text: string): Instruction[] {
  const instructions: Instruction[] = [];
  const lines = text.split(/\r?\n/);
  let pending: { line: number; text: string } | undefined;
  lines.forEach((raw, index) => {
    const trimmed = raw.trim();
    // Comments and blank lines are skipped, also inside a continuation.
    if (trimmed.startsWith('#') || trimmed === '') return;
    const continued = /\\$/.test(trimmed);
    const content = continued ? trimmed.slice(0, -1).trim() : trimmed;
    pending = pending
      ? { line: pending.line, text: `${pending.text} ${content}`.trim() }
      : { line: index + 1, text: content };
    if (continued) return;
    const match = /^([A-Za-z]+)(?:\s+([\s\S]*))?$/.exec(pending.text);
    if (!match) {
      throw new UserFacingError(
        `Dockerfile line ${pending.line} is not an instruction: ${pending.text}`,
      );
    }
    const { flags, rest } = splitFlags((match[2] ?? '').trim());
    instructions.push({
      line: pending.line,
      keyword: match[1].toUpperCase(),
      flags,
      rest,
      json: parseJsonArray(rest),
    });
    pending = undefined;
  });
  if (pending) {
    throw new UserFacingError(
      `Dockerfile line ${pending.line} ends with a line continuation and no instruction follows.`,
    );
  }
  return instructions;
}
