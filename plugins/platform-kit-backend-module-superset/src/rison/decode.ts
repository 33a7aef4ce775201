import { RisonValue } from './encode';

const NOT_ID_CHAR = " '!:(),*@$";
const NUMBER = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE]-?\d+)?/;

/** Thrown for text that is not rison; `position` is where reading stopped. */
export class RisonSyntaxError extends Error {
  constructor(message: string, readonly position: number) {
    super(`${message} at position ${position}`);
    this.name = 'RisonSyntaxError';
  }
}

class Reader {
  position = 0;
  constructor(private readonly text: string) {}

  peek(): string | undefined {
    return this.text[this.position];
  }

  fail(message: string): never {
    throw new RisonSyntaxError(message, this.position);
  }

  /** After an element: `,` continues, `)` ends (returns true). */
  next(): boolean {
    const char = this.peek();
    if (char === ')' || char === ',') {
      this.position += 1;
      return char === ')';
    }
    return this.fail("expected ',' or ')'");
  }

  expect(char: string) {
    if (this.text[this.position] !== char) this.fail(`expected '${char}'`);
    this.position += 1;
  }

  atEnd(): boolean {
    return this.position >= this.text.length;
  }

  value(): RisonValue {
    const char = this.peek();
    if (char === undefined) this.fail('unexpected end');
    if (char === '(') return this.object();
    if (char === "'") return this.quoted();
    if (char === '!') return this.bang();
    if (char === '-' || (char >= '0' && char <= '9')) return this.number();
    return this.id();
  }

  object(): Record<string, RisonValue> {
    this.expect('(');
    const result: Record<string, RisonValue> = {};
    if (this.peek() === ')') {
      this.position += 1;
      return result;
    }
    for (;;) {
      const key = this.peek() === "'" ? this.quoted() : this.id();
      if (Object.prototype.hasOwnProperty.call(result, key)) {
        this.fail(`duplicate key '${key}'`);
      }
      this.expect(':');
      result[key] = this.value();
      if (this.next()) return result;
    }
  }

  bang(): RisonValue {
    this.expect('!');
    const char = this.peek();
    this.position += 1;
    switch (char) {
      case 't':
        return true;
      case 'f':
        return false;
      case 'n':
        return null;
      case '(': {
        const items: RisonValue[] = [];
        if (this.peek() === ')') {
          this.position += 1;
          return items;
        }
        for (;;) {
          items.push(this.value());
          if (this.next()) return items;
        }
      }
      default:
        this.position -= 1;
        return this.fail(`unknown literal '!${char ?? ''}'`);
    }
  }

  quoted(): string {
    this.expect("'");
    let result = '';
    for (;;) {
      const char = this.peek();
      if (char === undefined) this.fail('unterminated string');
      this.position += 1;
      if (char === "'") return result;
      if (char === '!') {
        const escaped = this.peek();
        if (escaped !== '!' && escaped !== "'") {
          this.fail(`invalid escape '!${escaped ?? ''}'`);
        }
        this.position += 1;
        result += escaped;
      } else {
        result += char;
      }
    }
  }

  number(): number {
    const match = NUMBER.exec(this.text.slice(this.position));
    if (!match) this.fail('invalid number');
    this.position += match[0].length;
    return Number(match[0]);
  }

  id(): string {
    const start = this.position;
    while (!this.atEnd() && !NOT_ID_CHAR.includes(this.peek()!)) {
      this.position += 1;
    }
    if (this.position === start) this.fail('expected a value');
    return this.text.slice(start, this.position);
  }
}

/**
 * Decodes one rison value, e.g. Superset's `q` parameter
 * `(page:0,page_size:100)` → `{ page: 0, page_size: 100 }`.
 * Throws {@link RisonSyntaxError} for anything that is not exactly one value.
 */
export function decodeRison(text: string): RisonValue {
  const reader = new Reader(text);
  const value = reader.value();
  if (!reader.atEnd()) reader.fail('unexpected text after the value');
  return value;
}
