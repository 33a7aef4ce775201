/** A database object name as the Data API takes it (letters, digits, `_`). */
const NAME = String.raw`[\p{L}_][\p{L}\p{N}_]*`;
/** A string literal holding only a name: `'name'`, `"name"` or `` `name` ``. */
const LITERAL = String.raw`(?<q>['"\x60])(?<name>${NAME})\k<q>`;
/** A name in a URL path, not followed by more of a name or a template hole. */
const URL_NAME = String.raw`(?<name>${NAME})(?![\p{L}\p{N}_$])`;

/** One way source code calls the Data API. */
export interface CallPattern {
  kind: 'rpc' | 'tables';
  /** Global, with the named group `name`; a match starting at `.` is a method call. */
  regex: RegExp;
  /** The file extensions it applies to (lower case, no dot); all when absent. */
  extensions?: ReadonlySet<string>;
  /** A method whose receiver must not be a built-in such as `Array` (`Array.from('abc')`). */
  checkReceiver?: boolean;
}

const PYTHON = new Set(['py']);

export const CALL_PATTERNS: readonly CallPattern[] = [
  {
    // supabase.rpc('f'), .rpc("f", {...}), Swift `.rpc(fn: "f")`, Python `rpc(fn="f")`,
    // Go `.Rpc("f", ...)`, PHP `->rpc('f')`.
    kind: 'rpc',
    regex: new RegExp(
      String.raw`(?:\.|->)\s*(?:rpc|Rpc)\s*\(\s*(?:(?:fn|function|name)\s*[:=]\s*)?${LITERAL}`,
      'gu',
    ),
  },
  {
    kind: 'rpc',
    regex: new RegExp(String.raw`/rest/v1/rpc/${URL_NAME}`, 'gu'),
  },
  {
    // supabase.from('t') (JS/TS, Dart, Swift, Kotlin), Go `.From("t")`.
    kind: 'tables',
    regex: new RegExp(String.raw`\.\s*(?:from|From)\s*\(\s*${LITERAL}`, 'gu'),
    checkReceiver: true,
  },
  {
    // supabase-py: supabase.table("t"), supabase.from_("t").
    kind: 'tables',
    regex: new RegExp(String.raw`\.\s*(?:table|from_)\s*\(\s*${LITERAL}`, 'gu'),
    extensions: PYTHON,
    checkReceiver: true,
  },
  {
    kind: 'tables',
    regex: new RegExp(String.raw`/rest/v1/(?!rpc/)${URL_NAME}`, 'gu'),
  },
];

/**
 * Receivers whose `.from(...)` is not the Data API: `Array.from`,
 * `Buffer.from`, typed arrays, `Object`, streams, observables.
 */
const BUILT_IN_RECEIVER =
  /^(?:\w*(?:Array|Set|Map|List)|Buffer|Object|String|Readable|Stream|Observable|Rx|Iterator|Blob|File|Date|Promise|Temporal|Effect|Option|Either|Chunk)$/;

/** How far back the receiver and a `.schema('s')` in the same chain are looked for. */
const LOOK_BACK = 300;

/** The identifier right before the `.` at `dot` (skipping whitespace), or '' when none. */
function receiverBefore(content: string, dot: number): string {
  const before = content.slice(Math.max(0, dot - LOOK_BACK), dot).trimEnd();
  return /[\p{L}\p{N}_$]+$/u.exec(before)?.[0] ?? '';
}

/** False for `Array.from('abc')` and its kind. */
export function isDataApiReceiver(content: string, dot: number): boolean {
  return !BUILT_IN_RECEIVER.test(receiverBefore(content, dot));
}

const SCHEMA_CALL = new RegExp(
  String.raw`(?:\.|->)\s*schema\s*\(\s*${LITERAL}\s*\)\s*$`,
  'u',
);

/** The schema of `.schema('s')` right before the call at `dot`, if any. */
export function chainedSchema(
  content: string,
  dot: number,
): string | undefined {
  return SCHEMA_CALL.exec(content.slice(Math.max(0, dot - LOOK_BACK), dot))
    ?.groups?.name;
}

const HASH_COMMENTS = new Set(['py', 'rb', 'php']);

/** Whether the line holding a match is a comment (`//`, `/*`, ` *`, and `#` where it is one). */
export function isCommentLine(line: string, extension: string): boolean {
  const text = line.trimStart();
  return (
    text.startsWith('//') ||
    text.startsWith('/*') ||
    text.startsWith('*') ||
    (HASH_COMMENTS.has(extension) && text.startsWith('#'))
  );
}
