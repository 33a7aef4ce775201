/** What a CI command does, as far as the delivery gates care. */
export type CiCategory = 'lint' | 'test' | 'build' | 'parity-gate';

export interface ClassifiedCommand {
  category: CiCategory;
  /** The simple command that matched, e.g. `yarn lint`. */
  command: string;
}

/** Commands that run a named task or script given as a later word: `yarn lint`, `make build`, `go test`. */
const RUNNERS = new Set([
  'yarn',
  'npm',
  'pnpm',
  'bun',
  'deno',
  'kit',
  'make',
  'just',
  'task',
  'turbo',
  'nx',
  'lerna',
  'backstage-cli',
  'ng',
  'vite',
  'next',
  'go',
  'cargo',
  'dotnet',
  'docker',
  'podman',
  'gradle',
  'gradlew',
  'mvn',
  'mvnw',
  'python',
  'python3',
  'uv',
  'poetry',
  'pipenv',
  'hatch',
  'tox',
]);

/** Task names that mean a category under some runner (`cargo clippy`, `mvn verify`). */
const TASK_ALIASES: Record<string, CiCategory> = {
  clippy: 'lint',
  vet: 'lint',
  t: 'test',
  verify: 'test',
  package: 'build',
  assemble: 'build',
};

/** Tools that are a category by themselves (`eslint .`, `pytest`). */
const TOOLS: Record<string, CiCategory> = {
  eslint: 'lint',
  tslint: 'lint',
  stylelint: 'lint',
  biome: 'lint',
  ruff: 'lint',
  flake8: 'lint',
  pylint: 'lint',
  'golangci-lint': 'lint',
  rubocop: 'lint',
  shellcheck: 'lint',
  hadolint: 'lint',
  markdownlint: 'lint',
  'markdownlint-cli2': 'lint',
  jest: 'test',
  vitest: 'test',
  mocha: 'test',
  pytest: 'test',
  rspec: 'test',
  playwright: 'test',
  webpack: 'build',
  rollup: 'build',
};

/** Words that only wrap the real command. */
const WRAPPERS = new Set([
  'sudo',
  'time',
  'env',
  'npx',
  'pnpx',
  'bunx',
  'bash',
  'sh',
  'exec',
  'dlx',
  'run',
  'run-script',
]);

const TASK_NAME = /^(lint|test|build)(?:[:-][\w:.-]*)?$/;
const SCRIPT_NAME = /^(lint|test|build)(?:\.sh)?$/;
const PARITY_GATE = /\bplatform-kit\s+parity\s+gate\b/;

function basename(word: string): string {
  return word.replace(/^.*\//, '');
}

function categoryOfTask(word: string): CiCategory | undefined {
  const task = TASK_NAME.exec(word)?.[1] as CiCategory | undefined;
  return task ?? TASK_ALIASES[word];
}

function classifyWords(words: string[]): CiCategory[] {
  let rest = words
    .map(word => word.replace(/^["']+|["']+$/g, ''))
    .filter(word => word && !/^[A-Za-z_][A-Za-z0-9_]*=/.test(word));
  while (rest.length > 0 && WRAPPERS.has(basename(rest[0]))) {
    rest = rest.slice(1);
    while (rest.length > 0 && rest[0].startsWith('-')) rest = rest.slice(1);
  }
  if (rest.length === 0) return [];
  const head = basename(rest[0]);
  if (SCRIPT_NAME.test(head)) return [SCRIPT_NAME.exec(head)![1] as CiCategory];
  if (head === 'prettier')
    return rest.some(w => w === '--check' || w === '--list-different')
      ? ['lint']
      : [];
  if (head === 'tsc') return rest.includes('--noEmit') ? ['lint'] : ['build'];
  if (TOOLS[head]) return [TOOLS[head]];
  if (!RUNNERS.has(head)) return [];
  const args = rest.slice(1).filter(word => !word.startsWith('-'));
  const categories = args
    .map(categoryOfTask)
    .filter((c): c is CiCategory => c !== undefined);
  if (categories.length > 0) return categories;
  // `yarn eslint .`, `python -m pytest`, `pnpm exec vitest`
  return classifyWords(rest.slice(1).filter(word => word !== '-m'));
}

/** Splits a `run:` script into simple commands: lines (with `\` continuations), `&&`, `||`, `;`, `|`. */
export function simpleCommands(script: string): string[] {
  return script
    .replace(/\\\r?\n/g, ' ')
    .split(/\r?\n|&&|\|\||;|\|/)
    .map(command =>
      command
        .replace(/(^|\s)#.*$/, '')
        .replace(/\s+/g, ' ')
        .trim(),
    )
    .filter(command => command.length > 0);
}

/**
 * The lint, test, build and parity-gate commands in a shell script. The
 * recognised forms: package-manager and task-runner scripts whose name is
 * `lint`, `test` or `build` or starts with `lint:` / `test-` etc. (`yarn
 * lint`, `npm run test:unit`, `./kit test`, `make build`, `go test ./...`,
 * `cargo clippy`, `mvn verify`), scripts named `lint|test|build[.sh]`,
 * well-known tools (`eslint`, `ruff`, `pytest`, `jest`, `tsc`, ...), and
 * `platform-kit parity gate` through any launcher.
 */
export function classifyRunScript(script: string): ClassifiedCommand[] {
  const found: ClassifiedCommand[] = [];
  for (const command of simpleCommands(script)) {
    if (PARITY_GATE.test(command)) {
      found.push({ category: 'parity-gate', command });
      continue;
    }
    for (const category of new Set(classifyWords(command.split(/\s+/))))
      found.push({ category, command });
  }
  return found;
}
