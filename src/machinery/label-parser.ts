/**
 * The label selector language (`a=b,c in (d,e),!f,g>1`), lexed and parsed as upstream's
 * `labels.Parse` does, token for token, so that the same inputs are accepted and the same errors
 * worded: `unable to parse requirement: …`, `found 'x', expected: …`.
 */
import { aggregate } from './field-errors.js';
import {
  binaryOperatorList,
  compareBytes,
  labelKeyError,
  type Operator,
  type Requirement,
  requirementErrors,
} from './label-requirement.js';

type Token = 'error' | 'end' | ')' | ',' | '!' | '==' | '=' | '>' | 'identifier' | 'in' | '<' | '!=' | 'notin' | '(';

const LITERALS: ReadonlyMap<string, Token> = new Map<string, Token>([
  [')', ')'],
  [',', ','],
  ['!', '!'],
  ['==', '=='],
  ['=', '='],
  ['>', '>'],
  ['in', 'in'],
  ['<', '<'],
  ['!=', '!='],
  ['notin', 'notin'],
  ['(', '('],
]);

interface Item {
  tok: Token;
  lit: string;
}

const isWhitespace = (ch: string) => ch === ' ' || ch === '\t' || ch === '\r' || ch === '\n';
const isSpecial = (ch: string) => '=!(),><'.includes(ch) && ch !== '';

/** Upstream's Lexer. `read` gives `\0` at the end, and a NUL in the input ends it just the same. */
class Lexer {
  private pos = 0;
  constructor(private readonly s: string) {}

  private read(): string {
    if (this.pos < this.s.length) return this.s[this.pos++];
    return '\0';
  }
  private unread(): void {
    this.pos--;
  }

  private scanIdOrKeyword(): Item {
    let buf = '';
    for (;;) {
      const ch = this.read();
      if (ch === '\0') break;
      if (isSpecial(ch) || isWhitespace(ch)) {
        this.unread();
        break;
      }
      buf += ch;
    }
    return { tok: LITERALS.get(buf) ?? 'identifier', lit: buf };
  }

  private scanSpecialSymbol(): Item {
    let last: Item | undefined;
    let buf = '';
    for (;;) {
      const ch = this.read();
      if (ch === '\0') break;
      if (!isSpecial(ch)) {
        this.unread();
        break;
      }
      buf += ch;
      const tok = LITERALS.get(buf);
      if (tok) last = { tok, lit: buf };
      else if (last) {
        this.unread();
        break;
      }
    }
    return last ?? { tok: 'error', lit: `error expected: keyword found '${buf}'` };
  }

  lex(): Item {
    let ch = this.read();
    while (isWhitespace(ch)) ch = this.read();
    if (ch === '\0') return { tok: 'end', lit: '' };
    this.unread();
    return isSpecial(ch) ? this.scanSpecialSymbol() : this.scanIdOrKeyword();
  }
}

class ParseError extends Error {}

/** Upstream's Parser: `Values` context reads `in`/`notin` as identifiers. */
class Parser {
  private items: Item[] = [];
  private position = 0;

  constructor(input: string) {
    const lexer = new Lexer(input);
    for (;;) {
      const item = lexer.lex();
      this.items.push(item);
      if (item.tok === 'end') break;
    }
  }

  private lookahead(values: boolean): Item {
    const it = this.items[this.position];
    return values && (it.tok === 'in' || it.tok === 'notin') ? { tok: 'identifier', lit: it.lit } : it;
  }
  private consume(values: boolean): Item {
    const it = this.lookahead(values);
    this.position++;
    return it;
  }

  parse(): Requirement[] {
    const reqs: Requirement[] = [];
    for (;;) {
      const { tok, lit } = this.lookahead(true);
      switch (tok) {
        case 'identifier':
        case '!': {
          try {
            reqs.push(this.parseRequirement());
          } catch (err) {
            throw new ParseError(`unable to parse requirement: ${(err as Error).message}`);
          }
          const next = this.consume(true);
          if (next.tok === 'end') return reqs;
          if (next.tok !== ',') throw new ParseError(`found '${next.lit}', expected: ',' or 'end of string'`);
          const after = this.lookahead(true);
          if (after.tok !== 'identifier' && after.tok !== '!') {
            throw new ParseError(`found '${after.lit}', expected: identifier after ','`);
          }
          break;
        }
        case 'end':
          return reqs;
        default:
          throw new ParseError(`found '${lit}', expected: !, identifier, or 'end of string'`);
      }
    }
  }

  private parseRequirement(): Requirement {
    const [key, inferred] = this.parseKeyAndInferOperator();
    if (inferred) return checked(key, inferred, []);
    const op = this.parseOperator();
    const values = op === 'in' || op === 'notin' ? this.parseValues() : this.parseExactValue();
    // upstream collects values in a set and lists it sorted.
    return checked(key, op, [...values].sort(compareBytes));
  }

  private parseKeyAndInferOperator(): [string, Operator | undefined] {
    let op: Operator | undefined;
    let { tok, lit } = this.consume(true);
    if (tok === '!') {
      op = '!';
      ({ tok, lit } = this.consume(true));
    }
    if (tok !== 'identifier') throw new Error(`found '${lit}', expected: identifier`);
    // upstream's parser has no field path here, and Go prints a nil path as <nil>.
    const keyErr = labelKeyError(lit, '<nil>');
    if (keyErr) throw new Error(keyErr.toString());
    const next = this.lookahead(true).tok;
    if ((next === 'end' || next === ',') && op !== '!') op = 'exists';
    return [lit, op];
  }

  private parseOperator(): Operator {
    const { tok, lit } = this.consume(false);
    switch (tok) {
      case 'in':
        return 'in';
      case '=':
        return '=';
      case '==':
        return '==';
      case '>':
        return 'gt';
      case '<':
        return 'lt';
      case 'notin':
        return 'notin';
      case '!=':
        return '!=';
      default:
        throw new Error(`found '${lit}', expected: ${binaryOperatorList}`);
    }
  }

  private parseValues(): Set<string> {
    const open = this.consume(true);
    if (open.tok !== '(') throw new Error(`found '${open.lit}' expected: '('`);
    const { tok, lit } = this.lookahead(true);
    switch (tok) {
      case 'identifier':
      case ',': {
        const set = this.parseIdentifiersList();
        if (this.consume(true).tok !== ')') throw new Error(`found '${lit}', expected: ')'`);
        return set;
      }
      case ')':
        this.consume(true);
        return new Set(['']);
      default:
        throw new Error(`found '${lit}', expected: ',', ')' or identifier`);
    }
  }

  private parseIdentifiersList(): Set<string> {
    const set = new Set<string>();
    for (;;) {
      const { tok, lit } = this.consume(true);
      switch (tok) {
        case 'identifier': {
          set.add(lit);
          const next = this.lookahead(true);
          if (next.tok === ',') continue;
          if (next.tok === ')') return set;
          throw new Error(`found '${next.lit}', expected: ',' or ')'`);
        }
        case ',': {
          // `(,`, `,)` and `,,` each stand for an empty value.
          if (set.size === 0) set.add('');
          const next = this.lookahead(true).tok;
          if (next === ')') {
            set.add('');
            return set;
          }
          if (next === ',') {
            this.consume(true);
            set.add('');
          }
          break;
        }
        default:
          throw new Error(`found '${lit}', expected: ',', or identifier`);
      }
    }
  }

  private parseExactValue(): Set<string> {
    const next = this.lookahead(true).tok;
    if (next === 'end' || next === ',') return new Set(['']);
    const { tok, lit } = this.consume(true);
    if (tok === 'identifier') return new Set([lit]);
    throw new Error(`found '${lit}', expected: identifier`);
  }
}

function checked(key: string, op: Operator, values: string[]): Requirement {
  const errs = requirementErrors(key, op, values);
  if (errs.length) throw new Error(aggregate(errs));
  return { key, operator: op, values };
}

/**
 * Parses a label selector string into its requirements, in input order (callers sort). Throws an
 * Error with upstream's message when the string is not a selector.
 */
export function parseRequirements(selector: string): Requirement[] {
  return new Parser(selector).parse();
}
