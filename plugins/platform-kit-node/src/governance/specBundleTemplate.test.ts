import { Tokens } from 'marked';
import {
  analyseSpecBundle,
  REQUIRED_SPEC_SECTIONS,
  SpecFileKind,
} from '../repository/specBundle';
import {
  findSection,
  markdownSections,
  plainText,
} from '../repository/markdownOutline';
import { checkTaskTables } from '../repository/specTasks';
import {
  escapeMarkdownInline,
  parseSpecBundleInput,
  renderSpecBundle,
  SPEC_BUNDLE_KINDS,
  SpecBundleInput,
  specBundleInputSchema,
} from './specBundleTemplate';

const input = (extra: Partial<SpecBundleInput> = {}): SpecBundleInput => ({
  name: 'checkout-api',
  owner: 'group:default/payments',
  purpose: 'Shoppers cannot pay for their basket without calling support.',
  kind: 'service',
  ...extra,
});

function filesOf(bundle: SpecBundleInput) {
  return new Map(renderSpecBundle(bundle).map(f => [f.path, f.content]));
}

const kindOf = (path: string) =>
  path.split('/')[2].replace('.md', '') as SpecFileKind;

function section(markdown: string, name: string) {
  const found = findSection(markdownSections(markdown), name);
  if (!found) throw new Error(`no section ${name}`);
  return found;
}

/** The visible text of a section, as a reader of the rendered Markdown sees it. */
function sectionText(markdown: string, name: string): string {
  return section(markdown, name)
    .blocks.map(block => {
      if (block.type === 'table') {
        const t = block as Tokens.Table;
        return [t.header, ...t.rows]
          .map(row => row.map(c => plainText(c.tokens, c.text)).join(' | '))
          .join('\n');
      }
      if (block.type === 'list')
        return (block as Tokens.List).items
          .map(item => plainText(item.tokens, item.text))
          .join('\n');
      return plainText((block as Tokens.Paragraph).tokens, block.raw);
    })
    .join('\n');
}

describe('renderSpecBundle', () => {
  it.each(SPEC_BUNDLE_KINDS)(
    'renders a %s bundle that the spec check finds complete',
    kind => {
      const files = filesOf(input({ kind }));
      expect([...files.keys()]).toEqual([
        'spec/checkout-api/constitution.md',
        'spec/checkout-api/prd.md',
        'spec/checkout-api/plan.md',
        'spec/checkout-api/tasks.md',
      ]);
      const { bundles } = analyseSpecBundle(files);
      expect(bundles).toHaveLength(1);
      expect(
        bundles[0].files.flatMap(f => [...f.missingSections, ...f.problems]),
      ).toEqual([]);
      expect(bundles[0].complete).toBe(true);
    },
  );

  it('puts the purpose in the problem, the owner in the constitution, and numbered todo tasks with acceptance criteria', () => {
    const files = filesOf(input());
    const prd = files.get('spec/checkout-api/prd.md')!;
    expect(sectionText(prd, 'Problem')).toContain(
      'Shoppers cannot pay for their basket without calling support.',
    );
    const constitution = files.get('spec/checkout-api/constitution.md')!;
    expect(sectionText(constitution, 'Principles')).toContain(
      'group:default/payments owns checkout-api',
    );
    const { tasks, problems } = checkTaskTables(
      section(files.get('spec/checkout-api/tasks.md')!, 'Tasks'),
    );
    expect(problems).toEqual([]);
    expect(tasks.map(t => t.id)).toEqual(tasks.map((_, i) => `T-${i + 1}`));
    expect(tasks.length).toBeGreaterThanOrEqual(4);
    expect(new Set(tasks.map(t => t.status))).toEqual(new Set(['todo']));
    for (const task of tasks)
      expect(task.acceptance.length).toBeGreaterThan(10);
  });

  it('shapes requirements, milestones and tasks by kind', () => {
    const text = (kind: SpecBundleInput['kind'], file: string, name: string) =>
      sectionText(
        filesOf(input({ kind })).get(`spec/checkout-api/${file}.md`)!,
        name,
      );
    expect(text('service', 'prd', 'Requirements')).toMatch(/Availability/);
    expect(text('service', 'prd', 'Requirements')).toMatch(/health check/);
    expect(text('service', 'tasks', 'Tasks')).toMatch(/Health-check endpoint/);
    expect(text('service', 'plan', 'Milestones')).toMatch(/staging/);
    expect(text('lib', 'prd', 'Requirements')).toMatch(/API stability/);
    expect(text('lib', 'constitution', 'Principles')).toMatch(
      /semantic versioning/,
    );
    expect(text('lib', 'plan', 'Milestones')).toMatch(/0\.1\.0/);
    expect(text('app', 'constitution', 'Constraints')).toMatch(/WCAG/);
    expect(text('app', 'prd', 'Requirements')).not.toMatch(/health check/);
    expect(text('app', 'prd', 'Requirements')).not.toMatch(/API stability/);
  });

  it('keeps the structure whatever Markdown the inputs hold', () => {
    const purpose =
      '# Not a heading | not a cell | `code` *bold* <b>html</b> [link](x) \\ end\n## Users\n\n| a | b |\n1. not a list';
    const files = filesOf(input({ purpose, owner: 'team_a' }));
    const expected = purpose.replace(/\s+/g, ' ');
    for (const [path, content] of files) {
      // Only the template's own headings: a title and the required sections.
      expect({
        path,
        headings: markdownSections(content).map(s => s.depth),
      }).toEqual({
        path,
        headings: [1, ...REQUIRED_SPEC_SECTIONS[kindOf(path)].map(() => 2)],
      });
    }
    const prd = files.get('spec/checkout-api/prd.md')!;
    expect(sectionText(prd, 'Problem').split('\n')[0]).toBe(expected);
    const requirements = section(prd, 'Requirements').blocks.find(
      b => b.type === 'table',
    ) as Tokens.Table;
    expect(requirements.header).toHaveLength(3);
    for (const row of requirements.rows) expect(row).toHaveLength(3);
    expect(plainText(requirements.rows[0][1].tokens)).toBe(
      `Solves the problem: ${expected}`,
    );
    const tasks = checkTaskTables(
      section(files.get('spec/checkout-api/tasks.md')!, 'Tasks'),
    );
    expect(tasks.problems).toEqual([]);
    expect(tasks.tasks[1].acceptance).toBe(
      `A user confirms it is solved: ${expected}`,
    );
    expect(
      sectionText(
        files.get('spec/checkout-api/constitution.md')!,
        'Principles',
      ),
    ).toContain('team_a owns');
    expect(analyseSpecBundle(files).bundles[0].complete).toBe(true);
  });

  it('escapes what would start a block at the beginning of a line', () => {
    for (const text of [
      '- item',
      '+ item',
      '1. first',
      '2) second',
      '> quote',
      '---',
      '=== x',
    ])
      expect(
        markdownSections(`## P\n\n${escapeMarkdownInline(text)}\n`)[0].blocks[0]
          .type,
      ).toBe('paragraph');
  });
});

describe('specBundleInputSchema', () => {
  it('accepts entity refs and plain names as owners, and trims', () => {
    for (const owner of [
      'team-a',
      'group:default/team-a',
      'user:jane.doe',
      'default/team_a',
    ])
      expect(specBundleInputSchema.safeParse(input({ owner })).success).toBe(
        true,
      );
    expect(
      parseSpecBundleInput(input({ name: ' shop ', purpose: ' x ' })),
    ).toMatchObject({
      name: 'shop',
      purpose: 'x',
    });
  });

  it('says what is wrong with each field', () => {
    expect(() => parseSpecBundleInput(input({ name: 'My App' }))).toThrow(
      'Invalid spec bundle input: name "My App" must be kebab-case: lower-case letters and digits separated by single hyphens, e.g. "checkout-api"',
    );
    expect(() => renderSpecBundle(input({ purpose: '  \n ' }))).toThrow(
      'purpose must not be empty: say in a sentence what problem this repository solves',
    );
    expect(() =>
      parseSpecBundleInput({ ...input({ owner: 'a team' }), kind: 'website' }),
    ).toThrow(
      'Invalid spec bundle input: owner "a team" must be an entity ref such as "group:default/team-a" or a name such as "team-a"; kind must be one of app, service, lib (got "website")',
    );
    expect(() => parseSpecBundleInput({ purpose: 7 })).toThrow(
      'Invalid spec bundle input: name is required; owner is required; purpose must be a string; kind is required (app, service or lib)',
    );
    expect(() => parseSpecBundleInput(input({ name: 'a'.repeat(64) }))).toThrow(
      'name must be at most 63 characters',
    );
  });
});
