import { byCodeUnits } from './byCodeUnits';
import {
  CALL_PATTERNS,
  chainedSchema,
  isCommentLine,
  isDataApiReceiver,
} from './callPatterns';
import { AppCallers, AppCallSite } from './types';

/** The start offset of each line of a text, for 1-based line numbers. */
class LineIndex {
  private readonly starts: number[] = [0];

  constructor(private readonly content: string) {
    for (
      let i = content.indexOf('\n');
      i >= 0;
      i = content.indexOf('\n', i + 1)
    )
      this.starts.push(i + 1);
  }

  /** 1-based line of an offset. */
  lineOf(offset: number): number {
    let low = 0;
    let high = this.starts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (this.starts[mid] <= offset) low = mid;
      else high = mid - 1;
    }
    return low + 1;
  }

  text(line: number): string {
    const start = this.starts[line - 1];
    const next = this.starts[line];
    return this.content.slice(start, next === undefined ? undefined : next - 1);
  }
}

const extensionOf = (path: string) =>
  /\.([^./]+)$/.exec(path)?.[1]?.toLowerCase() ?? '';

type Found = Map<string, Map<string, AppCallSite>>;

function add(found: Found, name: string, site: AppCallSite) {
  let sites = found.get(name);
  if (!sites) found.set(name, (sites = new Map()));
  const key = `${site.schema ?? ''}\u0000${site.path}\u0000${site.line}`;
  if (!sites.has(key)) sites.set(key, site);
}

/** Names in order, each with its sites by path and line; an object without a prototype. */
function toRecord(found: Found): Record<string, AppCallSite[]> {
  const record: Record<string, AppCallSite[]> = Object.create(null);
  for (const name of [...found.keys()].sort()) {
    record[name] = [...found.get(name)!.values()].sort(
      (a, b) =>
        byCodeUnits(a.path, b.path) ||
        a.line - b.line ||
        byCodeUnits(a.schema ?? '', b.schema ?? ''),
    );
  }
  return record;
}

/**
 * The application's Data API callers in its source text: RPC calls
 * (`supabase.rpc('name')` with any client name and quote, a template literal
 * without substitutions included, also after `.schema('s')`, and
 * `/rest/v1/rpc/name` in URLs) by function name,
 * and table calls (`.from('table')`; Python `.table("t")`, `.from_("t")`;
 * `/rest/v1/table` in URLs) by table name, each site as path and line.
 * Only literal names count (a name built at run time cannot be known);
 * `Array.from('…')`, `Buffer.from('…')` and their kind, and comment lines,
 * are left out. Pure: no I/O.
 *
 * @public
 */
export function findAppCallers(
  files: Iterable<{ path: string; content: string }>,
  origin: string,
): AppCallers {
  const found: Record<'rpc' | 'tables', Found> = {
    rpc: new Map(),
    tables: new Map(),
  };
  let count = 0;
  for (const file of files) {
    count += 1;
    const extension = extensionOf(file.path);
    let lines: LineIndex | undefined;
    for (const pattern of CALL_PATTERNS) {
      if (pattern.extensions && !pattern.extensions.has(extension)) continue;
      for (const match of file.content.matchAll(pattern.regex)) {
        const at = match.index;
        if (pattern.checkReceiver && !isDataApiReceiver(file.content, at))
          continue;
        lines ??= new LineIndex(file.content);
        const line = lines.lineOf(at);
        if (isCommentLine(lines.text(line), extension)) continue;
        const schema = file.content.startsWith('/', at)
          ? undefined
          : chainedSchema(file.content, at);
        add(found[pattern.kind], match.groups!.name, {
          path: file.path,
          line,
          ...(schema === undefined ? {} : { schema }),
        });
      }
    }
  }
  return {
    origin,
    files: count,
    rpc: toRecord(found.rpc),
    tables: toRecord(found.tables),
  };
}
