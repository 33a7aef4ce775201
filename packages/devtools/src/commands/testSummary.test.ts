import { failedTestLines } from './test';

describe('the summary of ./kit test', () => {
  it('names each failed test, and a suite that failed to run with its first message line', () => {
    const lines = failedTestLines(
      {
        numPassedTests: 1,
        numFailedTests: 1,
        numPendingTests: 0,
        testResults: [
          {
            name: '/repo/plugins/a/src/a.test.ts',
            status: 'failed',
            assertionResults: [
              { status: 'passed', fullName: 'a works' },
              { status: 'failed', fullName: 'a refuses bad input' },
            ],
          },
          {
            name: '/repo/plugins/b/src/b.test.ts',
            status: 'failed',
            message: '  Test suite failed to run\n\n    Cannot find module',
            assertionResults: [],
          },
          { name: '/repo/plugins/c/src/c.test.ts', status: 'passed' },
        ],
      },
      '/repo',
    );
    expect(lines).toEqual([
      'plugins/a/src/a.test.ts › a refuses bad input',
      'plugins/b/src/b.test.ts: Test suite failed to run',
    ]);
  });
});
