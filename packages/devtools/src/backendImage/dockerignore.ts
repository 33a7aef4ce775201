import path from 'node:path';

interface Rule {
  regex: RegExp;
  exclude: boolean;
}

/** A Go `filepath.Match` pattern with Docker's `**` extension, as an anchored regex. */
export function patternToRegExp(pattern: string): RegExp {
  let source = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '*' && pattern[i + 1] === '*') {
      i++;
      if (pattern[i + 1] === '/') {
        i++;
        source += '(?:.*/)?';
      } else {
        source += '.*';
      }
    } else if (c === '*') {
      source += '[^/]*';
    } else if (c === '?') {
      source += '[^/]';
    } else if (c === '[') {
      const end = pattern.indexOf(']', i + 2);
      if (end < 0) {
        source += '\\[';
      } else {
        const body = pattern.slice(i + 1, end).replace(/^!/, '^');
        source += `[${body.replace(/\\/g, '\\\\')}]`;
        i = end;
      }
    } else if (c === '\\' && i + 1 < pattern.length) {
      i++;
      source += pattern[i].replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
    } else {
      source += c.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
    }
  }
  return new RegExp(`^${source}$`);
}

function parseRules(text: string): Rule[] {
  const rules: Rule[] = [];
  for (const raw of text.split(/\r?\n/)) {
    let line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    const exclude = !line.startsWith('!');
    if (!exclude) line = line.slice(1).trim();
    const cleaned = path.posix.normalize(line).replace(/^\/+|\/+$/g, '');
    if (cleaned === '' || cleaned === '.') continue;
    rules.push({ regex: patternToRegExp(cleaned), exclude });
  }
  return rules;
}

/**
 * The build context filter a `.dockerignore` describes: a path (relative to
 * the context, `/`-separated) is left out when the last rule that matches it
 * or one of its parent folders excludes it; `!rule` takes a path back in.
 */
export function dockerignoreFilter(text: string): (relPath: string) => boolean {
  const rules = parseRules(text);
  return relPath => {
    const normalized = path.posix.normalize(relPath).replace(/^\.?\/+/, '');
    const segments = normalized.split('/');
    const candidates = segments.map((_, i) =>
      segments.slice(0, i + 1).join('/'),
    );
    let excluded = false;
    for (const rule of rules) {
      if (candidates.some(candidate => rule.regex.test(candidate))) {
        excluded = rule.exclude;
      }
    }
    return excluded;
  };
}
