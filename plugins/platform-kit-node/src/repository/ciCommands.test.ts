import { classifyRunScript } from './ciCommands';

function categories(script: string) {
  return classifyRunScript(script).map(c => c.category);
}

describe('classifyRunScript', () => {
  it.each([
    ['yarn lint', ['lint']],
    ['npm run lint:ci', ['lint']],
    ['pnpm -r test', ['test']],
    ['npm test', ['test']],
    ['npm t', ['test']],
    ['./kit test:unit', ['test']],
    ['make build', ['build']],
    ['make lint test build', ['lint', 'test', 'build']],
    ['go test ./...', ['test']],
    ['go vet ./...', ['lint']],
    ['cargo clippy -- -D warnings', ['lint']],
    ['mvn -B verify', ['test']],
    ['./gradlew build', ['build']],
    ['npx eslint .', ['lint']],
    ['yarn eslint src', ['lint']],
    ['python -m pytest -q', ['test']],
    ['prettier --check .', ['lint']],
    ['prettier --write .', []],
    ['tsc --noEmit', ['lint']],
    ['CI=true ./scripts/build.sh', ['build']],
    ['yarn install --immutable', []],
    ['npm ci', []],
    ['echo "lint later"', []],
  ])('%s', (script, expected) => {
    expect(categories(script)).toEqual(expected);
  });

  it('splits scripts into commands and keeps the command that matched', () => {
    expect(
      classifyRunScript(
        'yarn install && yarn lint\nyarn test \\\n  --coverage; docker build .',
      ),
    ).toEqual([
      { category: 'lint', command: 'yarn lint' },
      { category: 'test', command: 'yarn test --coverage' },
      { category: 'build', command: 'docker build .' },
    ]);
  });

  it('finds the parity gate through any launcher', () => {
    expect(
      categories('npx platform-kit parity gate --fail-on partial'),
    ).toEqual(['parity-gate']);
    expect(categories('./kit platform-kit parity gate')).toEqual([
      'parity-gate',
    ]);
    expect(categories('platform-kit parity report')).toEqual([]);
  });
});
