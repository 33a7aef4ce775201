import path from 'node:path';

/**
 * The agent instruction files compared by default.
 *
 * @public
 */
export const DEFAULT_AGENT_FILES = [
  'CLAUDE.md',
  'GEMINI.md',
  'CODEX.md',
] as const;

/**
 * What an agent file's name is replaced with before comparing.
 *
 * @public
 */
export const AGENT_FILE_PLACEHOLDER = '<agent-file>';

/** @public */
export interface AgentDoc {
  /** The file as named on the command line, e.g. `CLAUDE.md` or `docs/GEMINI.md`. */
  file: string;
  content: string;
}

/** @public */
export interface DocDrift {
  file: string;
  reference: string;
  /** Edits (insertions, deletions, substitutions of one character); absent when above the limit. */
  distance?: number;
  /** `distance` as a percentage of the longer normalised text; absent when above the limit. */
  percent?: number;
  /** Characters of the longer normalised text. */
  length: number;
  maxPercent: number;
  /** The drift is above `maxPercent`. */
  exceeds: boolean;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * Reduces an agent file to what should count as content: line endings made
 * `\n`, trailing whitespace removed from every line, runs of blank lines
 * made one, blank lines at the start and end removed, and every occurrence
 * of the compared files' names (exact, case-sensitive, e.g. `CLAUDE.md`)
 * replaced by {@link AGENT_FILE_PLACEHOLDER}, so that `# CLAUDE.md` and
 * `# GEMINI.md` titles, and each file naming itself, do not count as drift.
 *
 * @public
 */
export function normaliseAgentDoc(
  content: string,
  agentFileNames: readonly string[] = DEFAULT_AGENT_FILES,
): string {
  let text = content
    .replace(/\r\n?/g, '\n')
    .replace(/[ \t\f\v]+$/gm, '')
    .replace(/\n{3,}/g, '\n\n')
    .replace(/^\n+|\n+$/g, '');
  const names = [...new Set(agentFileNames)]
    .filter(Boolean)
    .sort((a, b) => b.length - a.length);
  if (names.length > 0)
    text = text.replace(
      new RegExp(names.map(escapeRegExp).join('|'), 'g'),
      AGENT_FILE_PLACEHOLDER,
    );
  return text;
}

const UNREACHED = -0x40000000;

/**
 * A lower bound of the edit distance from q-gram profiles (Ukkonen's q-gram
 * lemma): one edit changes at most q q-grams of each text, so
 * d >= sum |count_a(g) - count_b(g)| / 2q. Profiles are hashed into a fixed
 * table; merged buckets only lower the sum, so the bound stays valid.
 */
function qgramLowerBound(x: Int32Array, y: Int32Array, q: number): number {
  const counts = new Int32Array(1 << 16);
  const count = (text: Int32Array, delta: number) => {
    for (let i = 0; i + q <= text.length; i++) {
      let hash = 0;
      for (let j = 0; j < q; j++)
        hash = Math.imul(hash ^ text[i + j], 0x9e3779b1);
      counts[hash >>> 16] += delta;
    }
  };
  count(x, 1);
  count(y, -1);
  let sum = 0;
  for (const value of counts) sum += value < 0 ? -value : value;
  return Math.ceil(sum / (2 * q));
}

/** The char codes of text[start, end) followed by a sentinel that equals nothing in the other text. */
function codes(
  text: string,
  start: number,
  end: number,
  sentinel: number,
): Int32Array {
  const out = new Int32Array(end - start + 1);
  for (let i = start; i < end; i++) out[i - start] = text.charCodeAt(i);
  out[end - start] = sentinel;
  return out;
}

/**
 * The Levenshtein distance of `a` and `b` if it is at most `limit`, else
 * undefined. Ukkonen's diagonal-transition algorithm: for each number of
 * edits d it keeps, per diagonal, the furthest point reachable with d edits
 * and slides along equal characters, stopping once d passes the limit; only
 * diagonals from which the end is still reachable within the limit are
 * visited. Time O(n + m + limit²) for typical texts and memory O(limit),
 * instead of the O(n·m) matrix. Common prefix and suffix are skipped first,
 * and texts whose q-gram profiles prove them too far apart are rejected in
 * linear time.
 *
 * @public
 */
export function boundedLevenshtein(
  a: string,
  b: string,
  limit: number,
): number | undefined {
  const shorter = Math.min(a.length, b.length);
  let start = 0;
  while (start < shorter && a.charCodeAt(start) === b.charCodeAt(start))
    start++;
  let endA = a.length;
  let endB = b.length;
  while (
    endA > start &&
    endB > start &&
    a.charCodeAt(endA - 1) === b.charCodeAt(endB - 1)
  ) {
    endA--;
    endB--;
  }
  const n = endA - start;
  const m = endB - start;
  const bound = Math.max(0, Math.floor(limit));
  if (Math.abs(n - m) > bound) return undefined;
  if (n === 0 || m === 0) return Math.max(n, m);
  const x = codes(a, start, endA, -1);
  const y = codes(b, start, endB, -2);
  if (bound < Math.max(n, m))
    for (const q of [2, 4, 8])
      if (qgramLowerBound(x.subarray(0, n), y.subarray(0, m), q) > bound)
        return undefined;
  const target = m - n;
  const offset = bound + 1;
  let previous = new Int32Array(2 * bound + 3).fill(UNREACHED);
  let current = new Int32Array(2 * bound + 3).fill(UNREACHED);
  for (let d = 0; d <= bound; d++) {
    // diagonal k = j - i is reached with at least |k| edits and needs |target - k| more
    const low = Math.max(-d, -n, target - (bound - d)) + offset;
    const high = Math.min(d, m, target + (bound - d)) + offset;
    let left = previous[low - 1];
    let middle = previous[low];
    for (let index = low; index <= high; index++) {
      const right = previous[index + 1];
      const k = index - offset;
      let i = 0;
      if (d > 0) {
        // substitution (same diagonal), deletion from a (from k + 1), insertion (from k - 1)
        i = middle + 1;
        if (right + 1 > i) i = right + 1;
        if (left > i) i = left;
        if (i > n) i = n;
        if (i + k > m) i = m - k;
      }
      left = middle;
      middle = right;
      if (i < 0) {
        current[index] = UNREACHED;
        continue;
      }
      let j = i + k;
      // the sentinels stop the slide at either end
      while (x[i] === y[j]) {
        i++;
        j++;
      }
      current[index] = i;
      if (k === target && i >= n) return d;
    }
    const swap = previous;
    previous = current;
    current = swap;
  }
  return undefined;
}

/**
 * The drift of `other` from `reference`: the Levenshtein distance of their
 * normalised texts (see {@link normaliseAgentDoc}; the names of both files
 * and of `agentFileNames` are replaced) divided by the length of the longer
 * one, as a percentage. Only distances up to `maxPercent` are computed
 * exactly; above, the result says so without the figure.
 *
 * @public
 */
export function measureDocDrift(
  reference: AgentDoc,
  other: AgentDoc,
  options: { maxPercent: number; agentFileNames?: readonly string[] },
): DocDrift {
  const names = [
    ...(options.agentFileNames ?? []),
    path.basename(reference.file),
    path.basename(other.file),
  ];
  const a = normaliseAgentDoc(reference.content, names);
  const b = normaliseAgentDoc(other.content, names);
  const length = Math.max(a.length, b.length);
  const base = {
    file: other.file,
    reference: reference.file,
    length,
    maxPercent: options.maxPercent,
  };
  if (length === 0) return { ...base, distance: 0, percent: 0, exceeds: false };
  // distance / length > maxPercent / 100  <=>  distance > floor(maxPercent * length / 100)
  const limit = Math.floor((options.maxPercent * length) / 100);
  const distance = boundedLevenshtein(a, b, limit);
  if (distance === undefined) return { ...base, exceeds: true };
  return {
    ...base,
    distance,
    percent: (distance / length) * 100,
    exceeds: false,
  };
}

function shellQuote(word: string): string {
  return /^[A-Za-z0-9_./@%+=:,-]+$/.test(word)
    ? word
    : `'${word.replace(/'/g, `'\\''`)}'`;
}

/**
 * The POSIX shell command that makes `target` a copy of `reference`. Both
 * give a drift of 0 (agent file names are normalised away):
 *
 * - `sed 's/CLAUDE\.md/GEMINI.md/g' CLAUDE.md > GEMINI.md` when the reference
 *   names itself (e.g. a `# CLAUDE.md` title) and none of the other agent
 *   files, so each copy keeps its own name;
 * - `cp` otherwise: when the reference does not name itself, or when it also
 *   names the other files (e.g. "the same text is in CLAUDE.md, GEMINI.md
 *   and CODEX.md"), where renaming would garble that list.
 *
 * `agentFileNames` are the other compared files' names (base names).
 *
 * @public
 */
export function syncCommand(
  reference: AgentDoc,
  target: string,
  agentFileNames: readonly string[] = DEFAULT_AGENT_FILES,
): string {
  const from = path.basename(reference.file);
  const to = path.basename(target);
  const namesOthers = [...agentFileNames, to].some(
    name => name !== from && reference.content.includes(name),
  );
  if (from === to || !reference.content.includes(from) || namesOthers)
    return `cp ${shellQuote(reference.file)} ${shellQuote(target)}`;
  const pattern = from.replace(/[\\/.*[\]^$]/g, '\\$&');
  const replacement = to.replace(/[\\/&]/g, '\\$&');
  return `sed ${shellQuote(`s/${pattern}/${replacement}/g`)} ${shellQuote(
    reference.file,
  )} > ${shellQuote(target)}`;
}
