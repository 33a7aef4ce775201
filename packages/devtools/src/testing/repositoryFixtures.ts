import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

/** A complete spec bundle, every section present. */
export const COMPLETE_SPEC_BUNDLE: Record<string, string> = {
  'spec/checkout/constitution.md': `# Checkout constitution

## Principles

- Payments are idempotent.

## Constraints

- PCI scope stays in the payment provider.
`,
  'spec/checkout/prd.md': `# Checkout PRD

## Problem

Carts are abandoned at payment.

## Users

Shoppers on mobile.

## Requirements

1. Pay with a saved card.

## Success metrics

- Abandonment below 20 %.
`,
  'spec/checkout/plan.md': `# Plan

## Milestones

| Milestone | Date |
| --------- | ---- |
| Beta      | Q3   |

## Risks and mitigations

- Provider outage: queue and retry.
`,
  'spec/checkout/tasks.md': `# Tasks of checkout

## Tasks

| ID  | Title          | Status      | Acceptance criteria                      |
| --- | -------------- | ----------- | ---------------------------------------- |
| T-1 | Saved cards    | done        | A returning shopper pays in two taps     |
| T-2 | Retry payments | in-progress | A failed capture is retried three times  |
`,
};

/** A repository that passes every delivery gate. */
export const WELL_GOVERNED_FILES: Record<string, string> = {
  ...COMPLETE_SPEC_BUNDLE,
  'README.md': '# Checkout\n',
  '.github/workflows/ci.yml': `name: CI
on: [push, pull_request]
jobs:
  verify:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - run: yarn install --immutable
      - name: Lint
        run: yarn lint
      - run: |
          yarn tsc --noEmit
          yarn test --coverage
  build:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - run: yarn install --immutable && yarn build
`,
  '.github/workflows/parity.yaml': `name: Parity
on: pull_request
jobs:
  parity:
    runs-on: ubuntu-latest
    steps:
      - run: npx platform-kit parity gate --entity component:default/checkout
`,
  '.github/CODEOWNERS': `# Owners
* @acme/checkout-team
/spec/ @acme/product alice@example.com
`,
  '.github/dependabot.yml': `version: 2
updates:
  - package-ecosystem: npm
    directory: /
    schedule:
      interval: weekly
  - package-ecosystem: github-actions
    directory: /
    schedule:
      interval: monthly
`,
};

/** A repository with nothing but code. */
export const BARE_FILES: Record<string, string> = {
  'README.md': '# Bare\n',
  'src/index.ts': 'export {};\n',
};

/** Writes `files` into a new temporary folder and returns its path. */
export async function writeTempRepository(
  files: Record<string, string>,
): Promise<string> {
  const root = await fs.mkdtemp(path.join(os.tmpdir(), 'platform-kit-repo-'));
  for (const [file, content] of Object.entries(files)) {
    await fs.mkdir(path.dirname(path.join(root, file)), { recursive: true });
    await fs.writeFile(path.join(root, file), content);
  }
  return root;
}
