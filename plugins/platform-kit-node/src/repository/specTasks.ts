import { Tokens } from 'marked';
import { MarkdownSection, normaliseTitle, plainText } from './markdownOutline';

/** The statuses a task may have in `tasks.md`. */
export const TASK_STATUSES = [
  'todo',
  'in-progress',
  'done',
  'blocked',
] as const;

/** Task IDs: a letter prefix, a hyphen, a number (`T-1`, `AUTH-12`). */
const TASK_ID = /^[A-Za-z][A-Za-z0-9]*-\d+$/;

export interface SpecTask {
  id: string;
  status: string;
  acceptance: string;
}

export interface TaskTableCheck {
  /** The rows that are complete tasks. */
  tasks: SpecTask[];
  /** What is wrong with the table or its rows, in plain sentences. */
  problems: string[];
}

function columnIndex(header: Tokens.TableCell[], name: string): number {
  return header.findIndex(cell =>
    normaliseTitle(plainText(cell.tokens, cell.text)).startsWith(name),
  );
}

/**
 * Checks the task tables of a `## Tasks` section.
 *
 * The format: a GitHub-flavoured Markdown table anywhere in the section (its
 * sub-sections included) with the columns `ID`, `Status` and `Acceptance`
 * (header matching is case-insensitive and by prefix, so `Acceptance
 * criteria` works; other columns such as `Title` or `Owner` are allowed).
 * Every row is one task:
 *
 * - `ID`: a letter prefix, a hyphen and a number, e.g. `T-1` or `AUTH-12`;
 * - `Status`: one of `todo`, `in-progress`, `done`, `blocked`;
 * - `Acceptance`: the acceptance criteria, not empty.
 *
 * ```markdown
 * ## Tasks
 *
 * | ID  | Title         | Status | Acceptance                          |
 * | --- | ------------- | ------ | ----------------------------------- |
 * | T-1 | Sign-in page  | done   | A user signs in with GitHub         |
 * | T-2 | Audit log     | todo   | Every write appears in the log      |
 * ```
 *
 * The section is complete when it has at least one valid task and no invalid
 * row; rows that break the format are reported as problems.
 */
export function checkTaskTables(section: MarkdownSection): TaskTableCheck {
  const tables = section.blocks.filter(
    (block): block is Tokens.Table => block.type === 'table',
  );
  const problems: string[] = [];
  const tasks: SpecTask[] = [];
  let taskTables = 0;
  for (const table of tables) {
    const id = columnIndex(table.header, 'id');
    const status = columnIndex(table.header, 'status');
    const acceptance = columnIndex(table.header, 'acceptance');
    if (id < 0 || status < 0 || acceptance < 0) continue;
    taskTables++;
    table.rows.forEach((row, index) => {
      const cell = (column: number) =>
        plainText(row[column]?.tokens, row[column]?.text ?? '').trim();
      const task = {
        id: cell(id),
        status: cell(status).toLowerCase(),
        acceptance: cell(acceptance),
      };
      const where = `task row ${index + 1}${task.id ? ` (${task.id})` : ''}`;
      const rowProblems: string[] = [];
      if (!TASK_ID.test(task.id))
        rowProblems.push(
          `${where}: the ID "${task.id}" is not like T-1 (letters, a hyphen, a number)`,
        );
      if (!(TASK_STATUSES as readonly string[]).includes(task.status))
        rowProblems.push(
          `${where}: the status "${
            task.status
          }" is not one of ${TASK_STATUSES.join(', ')}`,
        );
      if (!task.acceptance)
        rowProblems.push(`${where}: the acceptance criteria are empty`);
      if (rowProblems.length === 0) tasks.push(task);
      problems.push(...rowProblems);
    });
  }
  if (taskTables === 0)
    problems.push(
      'the Tasks section has no table with ID, Status and Acceptance columns',
    );
  else if (tasks.length === 0 && problems.length === 0)
    problems.push('the task table has no rows');
  return { tasks, problems };
}
