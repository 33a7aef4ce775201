import { analyseSpecBundle } from './specBundle';
import { COMPLETE_SPEC_BUNDLE } from '@platform-kit/devtools';

function bundleOf(files: Record<string, string>) {
  return analyseSpecBundle(new Map(Object.entries(files)));
}

function fileReport(files: Record<string, string>, kind: string) {
  const [bundle] = bundleOf(files).bundles;
  return bundle.files.find(file => file.kind === kind)!;
}

describe('analyseSpecBundle', () => {
  it('accepts a complete bundle', () => {
    const analysis = bundleOf(COMPLETE_SPEC_BUNDLE);
    expect(analysis.bundles).toHaveLength(1);
    expect(analysis.bundles[0]).toMatchObject({
      name: 'checkout',
      directory: 'spec/checkout',
      complete: true,
    });
    for (const file of analysis.bundles[0].files) {
      expect(file).toMatchObject({
        present: true,
        valid: true,
        missingSections: [],
        problems: [],
      });
    }
  });

  it('names the files a bundle lacks, with all their sections missing', () => {
    const analysis = bundleOf({
      'spec/search/prd.md': COMPLETE_SPEC_BUNDLE['spec/checkout/prd.md'],
      'spec/search/notes.txt': 'scratch',
    });
    const [bundle] = analysis.bundles;
    expect(bundle.complete).toBe(false);
    expect(bundle.files.map(f => [f.path, f.present])).toEqual([
      ['spec/search/constitution.md', false],
      ['spec/search/prd.md', true],
      ['spec/search/plan.md', false],
      ['spec/search/tasks.md', false],
    ]);
    expect(bundle.files[0].missingSections).toEqual([
      'Principles',
      'Constraints',
    ]);
  });

  it('reports each missing section and ignores headings that are not sections', () => {
    const report = fileReport(
      {
        'spec/x/prd.md': `# Problem

Level-1 headings are the title, not a section.

## users:

\`\`\`markdown
## Requirements
\`\`\`

Success Metrics
---------------
`,
      },
      'prd',
    );
    expect(report.present).toBe(true);
    expect(report.valid).toBe(false);
    // "users:" and the setext "Success Metrics" count; the fenced one and the title do not.
    expect(report.missingSections).toEqual(['Problem', 'Requirements']);
  });

  it('accepts numbered headings and headings that continue after the name', () => {
    const report = fileReport(
      {
        'spec/x/plan.md':
          '## 1. Milestones\n\ntext\n\n### Risks and mitigations\n\ntext\n',
      },
      'plan',
    );
    expect(report.missingSections).toEqual([]);
    const riskiness = fileReport(
      { 'spec/x/plan.md': '## Milestones\n## Riskiness\n' },
      'plan',
    );
    expect(riskiness.missingSections).toEqual(['Risks']);
  });

  it('requires a task table with ID, Status and Acceptance columns', () => {
    const report = fileReport(
      {
        'spec/x/tasks.md': '## Tasks\n\n- [ ] T-1 write the thing\n',
      },
      'tasks',
    );
    expect(report.missingSections).toEqual([]);
    expect(report.valid).toBe(false);
    expect(report.problems).toEqual([
      'the Tasks section has no table with ID, Status and Acceptance columns',
    ]);
  });

  it('reports task rows that break the format', () => {
    const report = fileReport(
      {
        'spec/x/tasks.md': `## Tasks

| ID   | Status | Acceptance |
| ---- | ------ | ---------- |
| T-1  | \`done\` | ships      |
| nope | wip    |            |
`,
      },
      'tasks',
    );
    expect(report.valid).toBe(false);
    expect(report.problems).toEqual([
      'task row 2 (nope): the ID "nope" is not like T-1 (letters, a hyphen, a number)',
      'task row 2 (nope): the status "wip" is not one of todo, in-progress, done, blocked',
      'task row 2 (nope): the acceptance criteria are empty',
    ]);
  });

  it('only looks for tasks inside the Tasks section', () => {
    const report = fileReport(
      {
        'spec/x/tasks.md': `## Tasks

None yet.

## Done

| ID  | Status | Acceptance |
| --- | ------ | ---------- |
| T-1 | done   | ships      |
`,
      },
      'tasks',
    );
    expect(report.problems).toEqual([
      'the Tasks section has no table with ID, Status and Acceptance columns',
    ]);
  });

  it('finds every bundle, matches file names case-insensitively and ignores files outside spec/', () => {
    const analysis = analyseSpecBundle(
      new Map([
        ['./spec/b/PRD.md', '## Problem'],
        ['spec/a/plan.md', '## Milestones\n## Risks'],
        ['docs/spec/c/prd.md', '## Problem'],
        ['spec/README.md', '# Specs'],
      ]),
    );
    expect(analysis.bundles.map(b => b.name)).toEqual(['a', 'b']);
    const prd = analysis.bundles[1].files.find(f => f.kind === 'prd')!;
    expect(prd).toMatchObject({ path: 'spec/b/PRD.md', present: true });
    expect(prd.missingSections).toEqual([
      'Users',
      'Requirements',
      'Success metrics',
    ]);
  });
});
