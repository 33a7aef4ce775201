import fs from 'node:fs';
import path from 'node:path';

/** An RPC call of the sample application with literal arguments. */
export interface RpcCall {
  fn: string;
  /** Named arguments as text (PostgreSQL casts them to the parameter types); null for `null`. */
  args: Record<string, string | null>;
  /** `file:line` of the call. */
  location: string;
}

const RPC_CALL =
  /\.rpc\(\s*(['"`])([A-Za-z_][A-Za-z0-9_]*)\1\s*(?:,\s*\{([^}]*)\})?\s*\)/g;
const REST_CALL = /\/rest\/v1\/rpc\/([A-Za-z_][A-Za-z0-9_]*)/g;
const ARG =
  /([A-Za-z_][A-Za-z0-9_]*)\s*:\s*('(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*"|-?\d+(?:\.\d+)?|true|false|null)/g;

function literal(text: string): string | null {
  if (text === 'null') return null;
  if (text.startsWith("'") || text.startsWith('"'))
    return text.slice(1, -1).replace(/\\(.)/g, '$1');
  return text;
}

function parseArgs(body: string | undefined): Record<string, string | null> {
  const args: Record<string, string | null> = {};
  for (const m of (body ?? '').matchAll(ARG)) args[m[1]] = literal(m[2]);
  return args;
}

const lineOf = (content: string, index: number) =>
  content.slice(0, index).split('\n').length;

/** The RPC calls in the `.ts` files of a folder: `supabase.rpc('fn', {...})` and `/rest/v1/rpc/fn`. */
export function readRpcCalls(dir: string): RpcCall[] {
  const calls: RpcCall[] = [];
  for (const name of fs.readdirSync(dir).sort()) {
    if (!name.endsWith('.ts')) continue;
    const content = fs.readFileSync(path.join(dir, name), 'utf8');
    for (const m of content.matchAll(RPC_CALL))
      calls.push({
        fn: m[2],
        args: parseArgs(m[3]),
        location: `${name}:${lineOf(content, m.index)}`,
      });
    for (const m of content.matchAll(REST_CALL))
      calls.push({
        fn: m[1],
        args: {},
        location: `${name}:${lineOf(content, m.index)}`,
      });
  }
  return calls;
}
