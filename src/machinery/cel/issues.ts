/**
 * Errors in cel-go's words. Compile errors read as cel-go's `Issues.String()`
 * (`ERROR: <input>:1:6: undefined field 'foo'` plus the source line and a caret), runtime
 * errors as cel-go's (`no such key: foo`, `division by zero`, `no such overload`).
 */
import type { ASTNode } from '@marcbachmann/cel-js';

/** An error thrown by the CEL library: a code, a one-line summary, the AST node it is about. */
interface LibraryError {
  code?: string;
  summary?: string;
  message?: string;
  node?: { op?: string; pos?: number; start?: number; end?: number; args?: unknown };
  range?: { start: number; end: number };
}

/** cel-go's operator function names. */
const OPERATOR_FUNCTIONS: Record<string, string> = {
  '==': '_==_',
  '!=': '_!=_',
  '<': '_<_',
  '<=': '_<=_',
  '>': '_>_',
  '>=': '_>=_',
  '+': '_+_',
  '-': '_-_',
  '*': '_*_',
  '/': '_/_',
  '%': '_%_',
  in: '@in',
};

/**
 * One issue as cel-go prints it: `ERROR: <input>:line:col: message`, the source line, and a
 * caret under the column (`offset` is a 0-based index into `input`).
 */
export function formatIssue(input: string, offset: number, message: string): string {
  const at = Math.max(0, Math.min(offset, input.length));
  const lineStart = input.lastIndexOf('\n', at - 1) + 1;
  const lineEnd = input.indexOf('\n', at) === -1 ? input.length : input.indexOf('\n', at);
  const line = input.slice(0, lineStart).split('\n').length;
  const col = at - lineStart;
  return `ERROR: <input>:${line}:${col + 1}: ${message}\n | ${input.slice(lineStart, lineEnd)}\n | ${'.'.repeat(col)}^`;
}

/** cel-go's notation for a type: `list(int)`, `map(string, int)`. */
function celGoType(t: string): string {
  return t.replace(/</g, '(').replace(/>/g, ')');
}

function isNode(x: unknown): x is ASTNode {
  return typeof x === 'object' && x !== null && 'op' in x && 'args' in x;
}

/** Where cel-go reports a node: a selection at its dot, a call at its `(`, an operator at itself. */
function reportOffset(input: string, node: LibraryError['node'], fallback: number): number {
  if (!node || typeof node.pos !== 'number') return fallback;
  const args = Array.isArray(node.args) ? node.args : [];
  switch (node.op) {
    case '.':
    case '.?':
      return input[node.pos - 1] === '.' ? node.pos - 1 : input.lastIndexOf('.', node.pos);
    case 'call':
      return input.indexOf('(', node.start ?? node.pos);
    case 'rcall': {
      const receiver = args[1];
      return input.indexOf('(', isNode(receiver) ? receiver.end : node.pos);
    }
  }
  if (node.op && node.op in OPERATOR_FUNCTIONS && isNode(args[0])) {
    const at = input.indexOf(node.op, args[0].end);
    if (at >= 0) return at;
  }
  return node.pos;
}

/** The cel-go wording of a library compile (parse or check) error summary. */
function checkMessage(err: LibraryError): string {
  const summary = err.summary ?? err.message ?? String(err);
  let m: RegExpMatchArray | null;
  switch (err.code) {
    case 'unknown_variable':
      return `undeclared reference to '${summary.replace(/^Unknown variable: /, '')}' (in container '')`;
    case 'no_such_key':
      return `undefined field '${summary.replace(/^No such key: /, '')}'`;
    case 'cannot_index_type':
      if ((m = summary.match(/^Cannot index type '(.*)'$/)) && err.node?.op === '.') {
        return `type '${celGoType(m[1])}' does not support field selection`;
      }
      return summary;
    case 'no_such_overload':
      if ((m = summary.match(/^no such overload: (.+) (==|!=|<=|>=|<|>|\+|-|\*|\/|%|in) (.+)$/))) {
        return `found no matching overload for '${OPERATOR_FUNCTIONS[m[2]]}' applied to '(${celGoType(m[1])}, ${celGoType(m[3])})'`;
      }
      if ((m = summary.match(/^no such overload: ([!-])(.+)$/))) {
        return `found no matching overload for '${m[1]}_' applied to '(${celGoType(m[2])})'`;
      }
      return summary;
    case 'no_matching_overload':
      if ((m = summary.match(/^found no matching overload for '(.*?)\((.*)\)'$/))) {
        const dot = m[1].lastIndexOf('.');
        const receiver = dot >= 0 ? `${celGoType(m[1].slice(0, dot))}.` : '';
        return `found no matching overload for '${m[1].slice(dot + 1)}' applied to '${receiver}(${celGoType(m[2])})'`;
      }
      return summary;
    case 'invalid_macro_argument':
      return summary.startsWith('has()') ? 'invalid argument to has() macro' : summary;
    case 'heterogeneous_list_element':
    case 'heterogeneous_map_key':
    case 'heterogeneous_map_value':
      return summary.replace(/^.*?, (expected type)/, '$1');
  }
  return summary;
}

/** A library parse or check error as a cel-go issue string (without the `compilation failed: ` prefix). */
export function describeCompileError(input: string, err: unknown): string {
  const e = (err ?? {}) as LibraryError;
  const fallback = e.range?.start ?? 0;
  const isParse = (err as Error)?.name === 'ParseError';
  const message = isParse ? `Syntax error: ${e.summary ?? e.message}` : checkMessage(e);
  return formatIssue(input, isParse ? fallback : reportOffset(input, e.node, fallback), message);
}

/** A runtime error in cel-go's words, and whether it is cel-go's `no such overload`. */
export function describeRuntimeError(err: unknown): { message: string; noSuchOverload: boolean } {
  const e = (err ?? {}) as LibraryError;
  const summary = e.summary ?? e.message ?? String(err);
  let m: RegExpMatchArray | null;
  switch (e.code) {
    case 'no_such_key':
      return { message: summary.replace(/^No such key: /, 'no such key: '), noSuchOverload: false };
    case 'index_out_of_bounds':
      if ((m = summary.match(/index (-?\d+) >= size (\d+)/))) {
        return { message: `index '${m[1]}' out of range in list size '${m[2]}'`, noSuchOverload: false };
      }
      if ((m = summary.match(/index (-?\d+)/)))
        return { message: `index '${m[1]}' out of range`, noSuchOverload: false };
      return { message: summary, noSuchOverload: false };
    case 'division_by_zero':
      return { message: 'division by zero', noSuchOverload: false };
    case 'modulo_by_zero':
      return { message: 'modulus by zero', noSuchOverload: false };
    case 'numeric_overflow':
      return { message: summary.startsWith('integer overflow') ? 'integer overflow' : summary, noSuchOverload: false };
    case 'no_such_overload':
    case 'no_matching_overload':
      return { message: 'no such overload', noSuchOverload: true };
  }
  return { message: summary, noSuchOverload: false };
}
