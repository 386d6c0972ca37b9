/**
 * Reads kubernetes-types' declaration files with the TypeScript compiler API (syntax only, no
 * type checker) into a small model the definitions builder turns into OpenAPI schemas. Every
 * interface and type alias becomes one {@link TypeDecl} named as upstream names its definition
 * (`io.k8s.api.core.v1.PodSpec`), with each property's JSDoc text as its description.
 *
 * Generation-time only: this module imports `typescript`, a devDependency.
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative, sep } from 'node:path';
import ts from 'typescript';

/** A property or alias type, reduced to what OpenAPI can say about it. */
export type TsType =
  | { kind: 'string' }
  | { kind: 'number' }
  | { kind: 'boolean' }
  | { kind: 'intOrString' }
  | { kind: 'ref'; name: string }
  | { kind: 'array'; items: TsType }
  | { kind: 'map'; values: TsType }
  | { kind: 'union'; members: TsType[] }
  | { kind: 'object' };

export interface TsField {
  name: string;
  optional: boolean;
  description?: string;
  type: TsType;
  /** The string literal kubernetes-types pins `apiVersion` and `kind` to on top-level kinds. */
  literal?: string;
}

export interface TypeDecl {
  /** Upstream's definition name, e.g. `io.k8s.api.apps.v1.Deployment`. */
  name: string;
  description?: string;
  /** Interfaces have fields; aliases (`Quantity = string`) have `alias`. */
  fields?: TsField[];
  alias?: TsType;
}

/**
 * The upstream package prefix of a kubernetes-types module path (`apps/v1` →
 * `io.k8s.api.apps.v1`), or undefined for modules without upstream definitions.
 */
export function packageOf(modulePath: string): string | undefined {
  const p = modulePath.replace(/\.d\.ts$/, '').replace(/\\/g, '/');
  if (p === 'runtime') return 'io.k8s.apimachinery.pkg.runtime';
  if (p === 'version') return 'io.k8s.apimachinery.pkg.version';
  if (p === 'api/resource') return 'io.k8s.apimachinery.pkg.api.resource';
  if (p === 'util/intstr') return 'io.k8s.apimachinery.pkg.util.intstr';
  const [group, version, ...rest] = p.split('/');
  if (!group || !version || rest.length > 0) return undefined;
  if (group === 'meta') return `io.k8s.apimachinery.pkg.apis.meta.${version}`;
  if (group === 'apiextensions') return `io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.${version}`;
  return `io.k8s.api.${group}.${version}`;
}

/** The directory kubernetes-types is installed in. */
export function kubernetesTypesRoot(): string {
  const require = createRequire(import.meta.url);
  return dirname(require.resolve('kubernetes-types/package.json'));
}

/** Every `.d.ts` module under `root`, as paths relative to it with `/` separators, sorted. */
function listModules(root: string): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir).sort()) {
      const full = join(dir, entry);
      if (statSync(full).isDirectory()) walk(full);
      else if (entry.endsWith('.d.ts')) out.push(relative(root, full).split(sep).join('/'));
    }
  };
  walk(root);
  return out;
}

/**
 * The text of the JSDoc block right before `node`, as upstream wrote the description: the
 * ` * ` margins removed, lines joined with `\n`. Read from the raw comment because the JSDoc
 * parser would take an `@` in the prose for a tag.
 */
function docOf(node: ts.Node, source: ts.SourceFile): string | undefined {
  const ranges = ts.getLeadingCommentRanges(source.text, node.pos) ?? [];
  const last = ranges.filter((r) => source.text.startsWith('/**', r.pos)).pop();
  if (!last) return undefined;
  const raw = source.text.slice(last.pos + 3, last.end - 2);
  const lines = raw.split('\n');
  let text: string;
  if (lines.length === 1) {
    text = raw.trim();
  } else {
    text = lines
      .slice(1, -1)
      .map((l) => l.replace(/^\s*\* ?/, '').replace(/^\s*\*$/, ''))
      .join('\n');
  }
  text = text.replace(/\*\\\//g, '*/');
  return text === '' ? undefined : text;
}

/** Resolves a type name used in `file` to an upstream definition name through its imports. */
type Resolver = (name: string) => string;

function makeResolver(source: ts.SourceFile, modulePath: string, pkg: string): Resolver {
  const imported = new Map<string, string>();
  for (const stmt of source.statements) {
    if (!ts.isImportDeclaration(stmt) || !ts.isStringLiteral(stmt.moduleSpecifier)) continue;
    const target = join(dirname(modulePath), stmt.moduleSpecifier.text).split(sep).join('/');
    const targetPkg = packageOf(target);
    const bindings = stmt.importClause?.namedBindings;
    if (!targetPkg || !bindings || !ts.isNamedImports(bindings)) continue;
    for (const el of bindings.elements) {
      imported.set(el.name.text, `${targetPkg}.${(el.propertyName ?? el.name).text}`);
    }
  }
  return (name) => imported.get(name) ?? `${pkg}.${name}`;
}

function convert(node: ts.TypeNode, resolve: Resolver): { type: TsType; literal?: string } {
  switch (node.kind) {
    case ts.SyntaxKind.StringKeyword:
      return { type: { kind: 'string' } };
    case ts.SyntaxKind.NumberKeyword:
      return { type: { kind: 'number' } };
    case ts.SyntaxKind.BooleanKeyword:
      return { type: { kind: 'boolean' } };
  }
  if (ts.isLiteralTypeNode(node) && ts.isStringLiteral(node.literal)) {
    return { type: { kind: 'string' }, literal: node.literal.text };
  }
  if (ts.isParenthesizedTypeNode(node)) return convert(node.type, resolve);
  if (ts.isArrayTypeNode(node)) return { type: { kind: 'array', items: convert(node.elementType, resolve).type } };
  if (ts.isUnionTypeNode(node)) {
    const members = node.types.map((t) => convert(t, resolve).type);
    const kinds = members.map((m) => m.kind).sort();
    if (kinds.length === 2 && kinds[0] === 'number' && kinds[1] === 'string') return { type: { kind: 'intOrString' } };
    return { type: { kind: 'union', members } };
  }
  if (ts.isTypeReferenceNode(node) && ts.isIdentifier(node.typeName)) {
    const id = node.typeName.text;
    if (id === 'Array' && node.typeArguments?.length === 1) {
      return { type: { kind: 'array', items: convert(node.typeArguments[0], resolve).type } };
    }
    return { type: { kind: 'ref', name: resolve(id) } };
  }
  if (ts.isTypeLiteralNode(node)) {
    const index = node.members.find(ts.isIndexSignatureDeclaration);
    if (index?.type) return { type: { kind: 'map', values: convert(index.type, resolve).type } };
    return { type: { kind: 'object' } };
  }
  throw new Error(`unsupported type syntax: ${ts.SyntaxKind[node.kind]} (${node.getText()})`);
}

function propertyName(name: ts.PropertyName): string {
  if (ts.isIdentifier(name) || ts.isStringLiteral(name)) return name.text;
  throw new Error(`unsupported property name: ${ts.SyntaxKind[name.kind]}`);
}

/** Reads one module's declarations; `modulePath` is relative to the package root. */
export function readModule(text: string, modulePath: string): TypeDecl[] {
  const pkg = packageOf(modulePath);
  if (!pkg) return [];
  const source = ts.createSourceFile(modulePath, text, ts.ScriptTarget.ES2022, true);
  const resolve = makeResolver(source, modulePath, pkg);
  const decls: TypeDecl[] = [];
  for (const stmt of source.statements) {
    if (ts.isInterfaceDeclaration(stmt)) {
      const fields: TsField[] = [];
      for (const member of stmt.members) {
        if (!ts.isPropertySignature(member) || !member.type) continue;
        const { type, literal } = convert(member.type, resolve);
        const field: TsField = { name: propertyName(member.name), optional: !!member.questionToken, type };
        const description = docOf(member, source);
        if (description !== undefined) field.description = description;
        if (literal !== undefined) field.literal = literal;
        fields.push(field);
      }
      decls.push(withDoc({ name: `${pkg}.${stmt.name.text}`, fields }, docOf(stmt, source)));
    } else if (ts.isTypeAliasDeclaration(stmt)) {
      const alias = convert(stmt.type, resolve).type;
      decls.push(withDoc({ name: `${pkg}.${stmt.name.text}`, alias }, docOf(stmt, source)));
    }
  }
  return decls;
}

function withDoc(decl: TypeDecl, description: string | undefined): TypeDecl {
  return description === undefined ? decl : { ...decl, description };
}

/**
 * Every declaration kubernetes-types ships, keyed by upstream definition name, in module order.
 * `root` defaults to the installed package.
 */
export function readKubernetesTypes(root = kubernetesTypesRoot()): Map<string, TypeDecl> {
  const out = new Map<string, TypeDecl>();
  for (const modulePath of listModules(root)) {
    for (const decl of readModule(readFileSync(join(root, modulePath), 'utf8'), modulePath)) {
      out.set(decl.name, decl);
    }
  }
  return out;
}
