import { Command } from 'commander';
import { CommandContext } from './context';
import { targetOptions } from './targetOptions';
import { parityEvaluate } from './parityEvaluate';
import { parityGate } from './parityGate';

/** `platform-kit parity evaluate | gate`. */
export function registerParityCommands(
  program: Command,
  context: CommandContext,
): void {
  const run =
    (
      fn: (
        options: Record<string, unknown>,
        io: CommandContext['io'],
      ) => Promise<number>,
    ) =>
    async (options: Record<string, unknown>) => {
      context.setExitCode(await fn(options, context.io));
    };
  const parity = program
    .command('parity')
    .description(
      'parity of an entity: evaluate it locally, gate CI on its score',
    );
  targetOptions(parity.command('evaluate'))
    .description(
      'evaluate parity as the control plane does and write the results document { entityRef, findings, parity } as JSON',
    )
    .option(
      '--entity-ref <ref>',
      'the entity, e.g. component:default/shop or resource:default/shop-db',
    )
    .option(
      '--type <type>',
      'the entity\u2019s spec.type (a resource defaults to supabase-project)',
    )
    .option(
      '--repo <dir>',
      'the local checkout a Component\u2019s repo.* capabilities are read from (default: current directory)',
    )
    .option(
      '--exclusions <file>',
      'accepted risks (as for db lint): their findings do not count',
    )
    .option(
      '--capabilities <file>',
      'capability definitions (YAML/JSON) used instead of the core ones',
    )
    .option('--output <file>', 'write the JSON here instead of stdout')
    .action(run(parityEvaluate));
  parity
    .command('gate')
    .description(
      'compare current parity with a baseline: exit 1 when the score dropped more than --max-drop points, 2 on unreadable files or a failed upload',
    )
    .option('--baseline <file>', 'the baseline result (JSON)')
    .option(
      '--current <file>',
      'the current result (JSON, e.g. written by parity evaluate)',
    )
    .option('--max-drop <points>', 'allowed score drop in points', '5')
    .option('--format <format>', 'text | json', 'text')
    .option(
      '--upload',
      'also push the current results to the control plane (whether or not the gate passes)',
    )
    .option(
      '--url <url>',
      'the control plane (Backstage backend) base URL; default $PLATFORM_KIT_URL',
    )
    .option(
      '--token-env <VAR>',
      'environment variable holding the static token for --upload',
      'PLATFORM_KIT_TOKEN',
    )
    .action(run(parityGate));
}
