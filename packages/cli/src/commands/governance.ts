import { Command } from 'commander';
import { CommandContext } from './context';
import { diagramsCheck } from './diagramsCheck';
import { docsSyncCheck } from './docsSyncCheck';
import { specValidate } from './specValidate';

/** `spec validate`, `docs sync-check` and `diagrams check`: the repository governance checks. */
export function registerGovernanceCommands(
  program: Command,
  context: CommandContext,
): void {
  const { io } = context;
  program
    .command('spec')
    .description('spec bundles (spec/<name>/{constitution,prd,plan,tasks}.md)')
    .command('validate [dir]')
    .description(
      'check the spec bundles of a repository, a spec folder or one bundle (dir defaults to the current folder); exit 1 with what is missing',
    )
    .option('--format <format>', 'text | json', 'text')
    .action(
      async (dir: string | undefined, options: Record<string, unknown>) => {
        context.setExitCode(await specValidate(dir, options, io));
      },
    );

  program
    .command('docs')
    .description('documentation checks')
    .command('sync-check [files...]')
    .description(
      'drift between agent instruction files (default CLAUDE.md GEMINI.md CODEX.md) by normalised Levenshtein distance; exit 1 above --max-drift with the command that syncs them',
    )
    .option(
      '--max-drift <percent>',
      'allowed drift from the reference, 0-100',
      '10',
    )
    .option('--source <file>', 'the reference file (default: the first file)')
    .option('--format <format>', 'text | json', 'text')
    .action(async (files: string[], options: Record<string, unknown>) => {
      context.setExitCode(await docsSyncCheck(files, options, io));
    });

  program
    .command('diagrams')
    .description('draw.io diagrams')
    .command('check [dir]')
    .description(
      'every .drawio has its exported PNG and the PNG embeds the same diagram; dir defaults to the current folder, searched recursively',
    )
    .option('--format <format>', 'text | json', 'text')
    .action(
      async (dir: string | undefined, options: Record<string, unknown>) => {
        context.setExitCode(await diagramsCheck(dir, options, io));
      },
    );
}
