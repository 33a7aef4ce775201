import { Dependant } from '@platform-kit/plugin-platform-kit-common';
import { display, printable } from '../builders/common';

const CLAUSE = { using: 'USING', with_check: 'WITH CHECK' } as const;

/** A dependant for people, e.g. `policy "members read" on public.posts (SELECT to authenticated, in USING)`. */
export function describeDependant(d: Dependant): string {
  let text: string;
  switch (d.kind) {
    case 'policy':
      text = `policy "${d.name}" on ${display(d.schema, d.table ?? '?')} (${
        d.command === 'ALL' || !d.command ? 'all commands' : d.command
      } to ${d.roles.join(', ') || 'no role'}${
        d.clauses.length
          ? `, in ${d.clauses.map(c => CLAUSE[c]).join(' and ')}`
          : ''
      })`;
      break;
    case 'view':
      text = `view ${display(d.schema, d.name)}`;
      break;
    case 'materialized_view':
      text = `materialized view ${display(d.schema, d.name)}`;
      break;
    case 'column_default':
      text = `default of column ${d.column} of ${display(d.schema, d.name)}`;
      break;
    case 'generated_column':
      text = `generated column ${d.column} of ${display(d.schema, d.name)}`;
      break;
    case 'check_constraint':
      text = `check constraint "${d.name}" on ${display(
        d.schema,
        d.table ?? '?',
      )}`;
      break;
    case 'trigger':
      text = `trigger "${d.name}" on ${display(d.schema, d.table ?? '?')}`;
      break;
    case 'routine':
      text = `routine ${display(d.schema, d.name)}(${
        d.identityArguments ?? ''
      })${d.source === 'body' ? ', which calls it by name in its body' : ''}`;
      break;
    case 'publication':
      text = `publication "${d.name}" (its changes are sent through row level security, e.g. by Supabase Realtime)`;
      break;
    default:
      text = `${d.kind} ${display(d.schema, d.name)}`;
  }
  return printable(text);
}
