/**
 * What a parsed rule uses, found by walking its AST before type-checking: functions from
 * Kubernetes' CEL libraries that we do not implement (the rule is reported unsupported, so the
 * caller warns instead of rejecting or silently passing it), functions the CEL library has but
 * Kubernetes does not (a compile error, as upstream), and references to `oldSelf`.
 */
import type { ASTNode } from '@marcbachmann/cel-js';
import type { CelType } from './schema-types.js';

/** Global functions of Kubernetes' libraries (1.32 base environment) that we do not implement. */
const UNSUPPORTED_GLOBALS: Record<string, string> = {
  quantity: 'Kubernetes quantity library',
  isQuantity: 'Kubernetes quantity library',
  url: 'Kubernetes URL library',
  isURL: 'Kubernetes URL library',
  ip: 'Kubernetes IP library',
  isIP: 'Kubernetes IP library',
  cidr: 'Kubernetes CIDR library',
  isCIDR: 'Kubernetes CIDR library',
};

/** Member functions of Kubernetes' libraries and CEL extensions that we do not implement. */
const UNSUPPORTED_METHODS: Record<string, string> = {
  ...Object.fromEntries(
    [
      'isInteger',
      'asInteger',
      'asApproximateFloat',
      'sign',
      'add',
      'sub',
      'isGreaterThan',
      'isLessThan',
      'compareTo',
    ].map((n) => [n, 'Kubernetes quantity library']),
  ),
  ...Object.fromEntries(
    ['getScheme', 'getHost', 'getHostname', 'getPort', 'getEscapedPath', 'getQuery'].map((n) => [
      n,
      'Kubernetes URL library',
    ]),
  ),
  ...Object.fromEntries(
    [
      'family',
      'isUnspecified',
      'isLoopback',
      'isLinkLocalMulticast',
      'isLinkLocalUnicast',
      'isGlobalUnicast',
      'isCanonical',
      'containsIP',
      'containsCIDR',
      'prefixLength',
      'masked',
      'ip',
    ].map((n) => [n, 'Kubernetes IP/CIDR library']),
  ),
  find: 'Kubernetes regex library',
  findAll: 'Kubernetes regex library',
  isSorted: 'Kubernetes lists library',
  sum: 'Kubernetes lists library',
  min: 'Kubernetes lists library',
  max: 'Kubernetes lists library',
  validate: 'Kubernetes format library',
  charAt: 'CEL strings extension',
  format: 'CEL strings extension',
  transformList: 'CEL two-variable comprehensions',
  transformMap: 'CEL two-variable comprehensions',
  transformMapEntry: 'CEL two-variable comprehensions',
  existsOne: 'CEL two-variable comprehensions',
  optMap: 'CEL optional library',
  optFlatMap: 'CEL optional library',
};

/** Namespaced functions (`format.dns1123Label()`, `sets.contains()`) that we do not implement. */
const UNSUPPORTED_NAMESPACES: Record<string, string> = {
  format: 'Kubernetes format library',
  sets: 'CEL sets extension',
  strings: 'CEL strings extension',
};

/** Functions of the CEL library that Kubernetes' environment does not declare. */
const LIBRARY_ONLY_METHODS = new Set(['at', 'base64', 'hex', 'json', 'string']);

/** Macros that bind an iteration variable (their first argument) in the rest of their arguments. */
const COMPREHENSIONS = new Set(['all', 'exists', 'exists_one', 'map', 'filter']);

/** What `scanRule` found; `unsupported`/`undeclared` name the first offending function. */
export interface RuleScan {
  usesOldSelf: boolean;
  unsupported?: string;
  undeclared?: { name: string; node: ASTNode };
  /** Calls with a literal argument upstream validates at compile time: `duration('1h')`, `x.matches('re')`. */
  literalCalls: { fn: 'duration' | 'timestamp' | 'matches'; literal: ASTNode }[];
}

function isNode(x: unknown): x is ASTNode {
  return typeof x === 'object' && x !== null && 'op' in x && 'args' in x;
}

function isStringLiteral(x: unknown): x is ASTNode {
  return isNode(x) && x.op === 'value' && typeof x.args === 'string';
}

/** Walks `root` with the declared variables `vars` (self, oldSelf) in scope. */
export function scanRule(root: ASTNode, vars: readonly string[] = ['self', 'oldSelf']): RuleScan {
  const out: RuleScan = { usesOldSelf: false, literalCalls: [] };
  let firstAt = Infinity;
  // The first in source order, so `quantity('1').isInteger()` names quantity.
  const note = (what: string, at: number) => {
    if (at < firstAt) [firstAt, out.unsupported] = [at, what];
  };

  const walk = (n: unknown, scope: ReadonlySet<string>): void => {
    if (Array.isArray(n)) return n.forEach((x) => walk(x, scope));
    if (!isNode(n)) return;
    const args = n.args as unknown;
    if (n.op === 'id') {
      if (args === 'oldSelf' && !scope.has('oldSelf')) out.usesOldSelf = true;
      return;
    }
    if (n.op === 'call' && Array.isArray(args)) {
      const [name, callArgs] = args as [string, ASTNode[]];
      if (name in UNSUPPORTED_GLOBALS) note(`function '${name}' (${UNSUPPORTED_GLOBALS[name]})`, n.start);
      if ((name === 'duration' || name === 'timestamp') && callArgs.length === 1 && isStringLiteral(callArgs[0])) {
        out.literalCalls.push({ fn: name, literal: callArgs[0] });
      }
      return walk(callArgs, scope);
    }
    if (n.op === 'rcall' && Array.isArray(args)) {
      const [name, receiver, callArgs] = args as [string, ASTNode, ASTNode[]];
      const id = receiver.op === 'id' ? (receiver.args as string) : '';
      const namespace = id && !scope.has(id) && !vars.includes(id) ? id : '';
      const at = namespace ? receiver.start : receiver.end;
      if (namespace in UNSUPPORTED_NAMESPACES) {
        note(`function '${namespace}.${name}' (${UNSUPPORTED_NAMESPACES[namespace]})`, at);
      } else if (namespace === 'optional' && name === 'ofNonZeroValue') {
        note(`function 'optional.ofNonZeroValue' (CEL optional library)`, at);
      } else if (namespace === 'cel' || namespace === 'math') {
        out.undeclared ??= { name: namespace, node: receiver };
      } else if (name in UNSUPPORTED_METHODS) {
        note(`function '${name}' (${UNSUPPORTED_METHODS[name]})`, at);
      } else if (LIBRARY_ONLY_METHODS.has(name)) {
        out.undeclared ??= { name, node: n };
      } else if (COMPREHENSIONS.has(name) && callArgs.length === 3 && name !== 'map') {
        note(`two-variable comprehension '${name}' (CEL two-variable comprehensions)`, at);
      }
      if (name === 'matches' && callArgs.length === 1 && isStringLiteral(callArgs[0])) {
        out.literalCalls.push({ fn: 'matches', literal: callArgs[0] });
      }
      if (!namespace) walk(receiver, scope);
      const iterVar = callArgs[0];
      if (COMPREHENSIONS.has(name) && isNode(iterVar) && iterVar.op === 'id') {
        const inner = new Set(scope).add(iterVar.args as string);
        return walk(callArgs.slice(1), inner);
      }
      return walk(callArgs, scope);
    }
    walk(args, scope);
  };

  walk(root, new Set());
  return out;
}

/**
 * The first `has(self.a.b)` naming a field its object type does not declare, which cel-go's
 * checker rejects (`undefined field 'b'`) and the CEL library would let through as false.
 */
export function undefinedPresenceField(root: ASTNode, selfType: CelType): { name: string; node: ASTNode } | undefined {
  let found: { name: string; node: ASTNode } | undefined;
  const check = (arg: ASTNode) => {
    const chain: ASTNode[] = [];
    let n: ASTNode = arg;
    while (n.op === '.') {
      chain.unshift(n);
      n = (n.args as [ASTNode, string])[0];
    }
    if (n.op !== 'id' || (n.args !== 'self' && n.args !== 'oldSelf')) return;
    let t: CelType | undefined = selfType;
    for (const sel of chain) {
      const name = (sel.args as [ASTNode, string])[1];
      if (t?.kind === 'map') t = t.values;
      else if (t?.kind === 'object') {
        const field = t.fields.get(name);
        if (!field) return (found ??= { name, node: sel });
        t = field.type;
      } else return;
    }
  };
  const walk = (n: unknown): void => {
    if (Array.isArray(n)) return n.forEach(walk);
    if (!isNode(n)) return;
    const args = n.args as unknown;
    if (n.op === 'call' && Array.isArray(args) && args[0] === 'has' && isNode(args[1]?.[0])) check(args[1][0]);
    walk(args);
  };
  walk(root);
  return found;
}
