import { codeBlocks, section } from './markdown';

const DOC = `# Title

## 1. First

\`\`\`sh
# in your Backstage app
yarn add x
\`\`\`

### 1.1 Sub

\`\`\`ts
backend.add(x);
\`\`\`

## 2. Second

- a list

  \`\`\`yaml
  # app-config.yaml
  a: 1
  \`\`\`
`;

describe('codeBlocks', () => {
  it('reads each fenced block with its language, first-line comment, heading and line', () => {
    expect(codeBlocks(DOC)).toEqual([
      {
        lang: 'sh',
        comment: 'in your Backstage app',
        body: 'yarn add x',
        heading: '1. First',
        line: 5,
      },
      {
        lang: 'ts',
        comment: undefined,
        body: 'backend.add(x);',
        heading: '1.1 Sub',
        line: 12,
      },
      {
        lang: 'yaml',
        comment: 'app-config.yaml',
        body: 'a: 1',
        heading: '2. Second',
        line: 20,
      },
    ]);
  });
});

describe('section', () => {
  it('spans from the heading to the next one of the same level, with sub-sections', () => {
    const text = section(DOC, '1. First');
    expect(text).toContain('yarn add x');
    expect(text).toContain('backend.add(x);');
    expect(text).not.toContain('2. Second');
  });

  it('ignores headings inside code blocks and is empty for an unknown title', () => {
    expect(section('## A\n```sh\n# not a heading\n```\n## B\n', 'A')).toBe(
      '## A\n```sh\n# not a heading\n```',
    );
    expect(section(DOC, 'Nope')).toBe('');
  });
});
