import {
  AGENT_FILE_PLACEHOLDER,
  boundedLevenshtein,
  measureDocDrift,
  normaliseAgentDoc,
  syncCommand,
} from './docDrift';

/** The textbook O(n·m) dynamic programme, as the oracle. */
function levenshtein(a: string, b: string): number {
  let row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const next = [i];
    for (let j = 1; j <= b.length; j++)
      next[j] = Math.min(
        row[j] + 1,
        next[j - 1] + 1,
        row[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1),
      );
    row = next;
  }
  return row[b.length];
}

function random(seed: number) {
  let state = seed;
  return () => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state / 2147483648;
  };
}

function mutate(text: string, edits: number, next: () => number): string {
  let out = text;
  for (let e = 0; e < edits; e++) {
    const at = Math.floor(next() * (out.length + 1));
    const kind = Math.floor(next() * 3);
    const char = 'abcxyz\n '[Math.floor(next() * 8)];
    if (kind === 0) out = out.slice(0, at) + char + out.slice(at);
    else if (kind === 1) out = out.slice(0, at) + out.slice(at + 1);
    else out = out.slice(0, at) + char + out.slice(at + 1);
  }
  return out;
}

describe('boundedLevenshtein', () => {
  it('agrees with the full matrix on random texts, exactly up to the limit and undefined above', () => {
    const next = random(42);
    for (let round = 0; round < 300; round++) {
      const length = Math.floor(next() * 60);
      const a = Array.from(
        { length },
        () => 'abcxyz\n '[Math.floor(next() * 8)],
      ).join('');
      const b =
        next() < 0.3
          ? Array.from(
              { length: Math.floor(next() * 60) },
              () => 'abc'[Math.floor(next() * 3)],
            ).join('')
          : mutate(a, Math.floor(next() * 12), next);
      const exact = levenshtein(a, b);
      const limit = Math.floor(next() * 30);
      expect([a, b, limit, boundedLevenshtein(a, b, limit)]).toEqual([
        a,
        b,
        limit,
        exact <= limit ? exact : undefined,
      ]);
    }
  });

  it('handles empty texts and pure insertions', () => {
    expect(boundedLevenshtein('', '', 0)).toBe(0);
    expect(boundedLevenshtein('', 'abc', 3)).toBe(3);
    expect(boundedLevenshtein('', 'abc', 2)).toBeUndefined();
    expect(boundedLevenshtein('kitten', 'sitting', 3)).toBe(3);
    expect(boundedLevenshtein('kitten', 'sitting', 2)).toBeUndefined();
  });

  it('measures two 100 KB files with scattered edits exactly', () => {
    const next = random(7);
    const words = [
      'the',
      'agent',
      'must',
      'run',
      'tests',
      'before',
      'commit',
      '\n',
    ];
    const a = Array.from(
      { length: 20000 },
      () => words[Math.floor(next() * words.length)],
    )
      .join(' ')
      .slice(0, 100000);
    // 50 substitutions by a character that never occurs, 1 KB apart: distance exactly 50
    let b = a;
    for (let k = 0; k < 50; k++) {
      const at = 1000 + k * 1900;
      b = `${b.slice(0, at)}#${b.slice(at + 1)}`;
    }
    expect(boundedLevenshtein(a, b, 10000)).toBe(50);
    expect(boundedLevenshtein(a, b, 49)).toBeUndefined();
  });
});

describe('normaliseAgentDoc', () => {
  it('ignores line endings, trailing spaces, blank-line runs and the agent file names', () => {
    const claude =
      '# CLAUDE.md\r\n\r\nRun `./kit test`.   \r\n\r\n\r\n\r\nSee CLAUDE.md.\r\n\r\n';
    const gemini = '\n# GEMINI.md\n\nRun `./kit test`.\n\nSee GEMINI.md.\n';
    const names = ['CLAUDE.md', 'GEMINI.md'];
    expect(normaliseAgentDoc(claude, names)).toBe(
      normaliseAgentDoc(gemini, names),
    );
    expect(normaliseAgentDoc(gemini, names)).toBe(
      `# ${AGENT_FILE_PLACEHOLDER}\n\nRun \`./kit test\`.\n\nSee ${AGENT_FILE_PLACEHOLDER}.`,
    );
    // other words stay: the name is replaced only as the exact file name
    expect(normaliseAgentDoc('Claude and claude.md', names)).toBe(
      'Claude and claude.md',
    );
  });
});

describe('measureDocDrift', () => {
  const reference = {
    file: 'CLAUDE.md',
    content: `# CLAUDE.md\n\n${'Keep commits small. '.repeat(50)}\n`,
  };

  it('reports the percentage of the longer normalised text', () => {
    const other = {
      file: 'GEMINI.md',
      content: reference.content
        .replace('CLAUDE.md', 'GEMINI.md')
        .replace('Keep', 'keep'),
    };
    const drift = measureDocDrift(reference, other, { maxPercent: 10 });
    const length = normaliseAgentDoc(reference.content, ['CLAUDE.md']).length;
    expect(drift).toEqual({
      file: 'GEMINI.md',
      reference: 'CLAUDE.md',
      distance: 1,
      percent: (1 / length) * 100,
      length,
      maxPercent: 10,
      exceeds: false,
    });
  });

  it('says "above the limit" without computing past it', () => {
    const other = {
      file: 'CODEX.md',
      content: '# Codex\n\nSomething else entirely.\n',
    };
    const drift = measureDocDrift(reference, other, { maxPercent: 10 });
    expect(drift.exceeds).toBe(true);
    expect(drift).not.toHaveProperty('distance');
    expect(drift).not.toHaveProperty('percent');
    expect(
      measureDocDrift(
        { file: 'a.md', content: '' },
        { file: 'b.md', content: '\n\n' },
        { maxPercent: 0 },
      ),
    ).toMatchObject({ distance: 0, percent: 0, exceeds: false });
  });

  it('fails at 0 % for one changed character and passes at the exact boundary', () => {
    const a = { file: 'A.md', content: 'abcdefghij' };
    const b = { file: 'B.md', content: 'abcdefghiX' };
    expect(measureDocDrift(a, b, { maxPercent: 0 }).exceeds).toBe(true);
    expect(measureDocDrift(a, b, { maxPercent: 10 })).toMatchObject({
      distance: 1,
      percent: 10,
      exceeds: false,
    });
    expect(measureDocDrift(a, b, { maxPercent: 9.99 }).exceeds).toBe(true);
  });
});

describe('syncCommand', () => {
  it('copies when the reference does not name itself, else rewrites the name with sed', () => {
    expect(
      syncCommand({ file: 'CLAUDE.md', content: 'no name here' }, 'GEMINI.md'),
    ).toBe('cp CLAUDE.md GEMINI.md');
    expect(
      syncCommand(
        { file: 'docs/CLAUDE.md', content: '# CLAUDE.md' },
        'my docs/GEMINI.md',
      ),
    ).toBe(
      "sed 's/CLAUDE\\.md/GEMINI.md/g' docs/CLAUDE.md > 'my docs/GEMINI.md'",
    );
    expect(
      syncCommand({ file: 'a/AGENTS.md', content: 'AGENTS.md' }, 'b/AGENTS.md'),
    ).toBe('cp a/AGENTS.md b/AGENTS.md');
  });
});
