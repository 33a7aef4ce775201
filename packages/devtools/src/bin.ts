import { describeError } from './util/fail';
import { apiGenerateCommand } from './commands/apiGenerate';
import { backendImageCommand } from './commands/backendImage';
import { contractsCheckCommand } from './commands/contractsCheck';
import { diagramsCommand } from './commands/diagrams';
import { e2eCommand } from './commands/e2e';
import { freshAppCommand } from './commands/freshApp';
import { packCommand } from './commands/pack';
import { pgCommand } from './commands/pg';
import { startCommand } from './commands/portal';
import { testCommand, unitCommand } from './commands/test';

const USAGE = `Usage: platform-kit-dev <command>

  start      start PostgreSQL, the demo project and the portal (./kit start)
  test       type-check, lint, format check and all tests (./kit test)
  unit       Jest only, on a PostgreSQL it starts (./kit test:unit [jest args])
  e2e        Playwright end-to-end tests in Chromium (./kit test:e2e)
  pg         run the embedded PostgreSQL with the demo project
  backend-image
             check packages/backend/Dockerfile without Docker: build, follow it, start on PostgreSQL (./kit test:backend-image)
  fresh-app  install Platform Kit into a new create-app app by docs/quickstart.md (./kit test:fresh-app)
  diagrams   export docs/**/*.drawio to PNGs that embed the diagram (./kit diagrams:export)
  contracts-check <folder>
             check our vendor API contracts against the vendors' OpenAPI documents in <folder> (opt-in)
  pack       build, pack and verify every publishable package (./kit pack:all [--out <dir>])
  api-generate [--check]
             the REST contract's spec module, types and zod schemas from the backend's openapi.yaml
             (./kit api:generate); --check fails when a generated file differs (./kit api:check)`;

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case 'start':
      return startCommand();
    case 'test':
      return testCommand(rest);
    case 'unit':
      return unitCommand(rest);
    case 'e2e':
      return e2eCommand(rest);
    case 'pg':
      return pgCommand();
    case 'backend-image':
      return backendImageCommand(rest);
    case 'fresh-app':
      return freshAppCommand(rest);
    case 'diagrams':
      return diagramsCommand(rest);
    case 'contracts-check':
      return contractsCheckCommand(rest);
    case 'pack':
      return packCommand(rest);
    case 'api-generate':
      return apiGenerateCommand(rest);
    default:
      console.error(USAGE);
      return command === '--help' || command === '-h' ? 0 : 2;
  }
}

main(process.argv.slice(2)).then(
  code => process.exit(code),
  error => {
    console.error(`platform-kit-dev: ${describeError(error)}`);
    process.exit(1);
  },
);
