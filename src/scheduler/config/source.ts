/**
 * Turns a config file's text into the JSON tree upstream's serializers decode, with their quirks:
 * text starting with `{` is JSON (duplicate keys kept for the strict decoder to report), anything
 * else is YAML converted as `sigs.k8s.io/yaml` does (YAML 1.1 scalars, last duplicate wins, keys
 * sorted) with duplicate keys reported the way its strict converter words them.
 */
import { isMap, isPair, isScalar, isSeq, LineCounter, parseAllDocuments, parseDocument } from 'yaml';
import type { Node as YamlNode, Document } from 'yaml';
import { goQuote } from '../../machinery/go-quote.js';
import { ConfigError } from './types.js';

/** A JSON value as the decoder walks it; objects keep their keys in order, duplicates included. */
export type JNode =
  | { kind: 'object'; pairs: [string, JNode][] }
  | { kind: 'array'; items: JNode[] }
  | { kind: 'string'; value: string }
  | { kind: 'number'; value: number }
  | { kind: 'bool'; value: boolean }
  | { kind: 'null' };

/** The parsed text: its JSON tree, whether it was JSON, and the YAML duplicate-key error if any. */
export interface ParsedSource {
  root: JNode;
  json: boolean;
  duplicateKeys?: string;
}

/** Go's name for a JSON value's type, as `json: cannot unmarshal <type>` prints it. */
export function jsonTypeName(n: JNode): string {
  return n.kind === 'bool' ? 'bool' : n.kind;
}

/** The plain value of a tree; of duplicate keys the last wins. */
export function toPlain(n: JNode): unknown {
  switch (n.kind) {
    case 'object': {
      const o: Record<string, unknown> = {};
      for (const [k, v] of n.pairs) o[k] = toPlain(v);
      return o;
    }
    case 'array':
      return n.items.map(toPlain);
    case 'null':
      return null;
    default:
      return n.value;
  }
}

/** Builds a tree from a plain value, object keys in Go's sorted (byte) order. */
export function fromPlain(v: unknown): JNode {
  if (v === null || v === undefined) return { kind: 'null' };
  if (Array.isArray(v)) return { kind: 'array', items: v.map(fromPlain) };
  if (typeof v === 'string') return { kind: 'string', value: v };
  if (typeof v === 'number') return { kind: 'number', value: v };
  if (typeof v === 'boolean') return { kind: 'bool', value: v };
  if (v instanceof Date) return { kind: 'string', value: v.toISOString() };
  if (typeof v === 'object') {
    const keys = Object.keys(v).sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
    return { kind: 'object', pairs: keys.map((k) => [k, fromPlain((v as Record<string, unknown>)[k])]) };
  }
  return { kind: 'string', value: String(v) };
}

/** Upstream's `IsJSONBuffer`: JSON when the first non-space byte is `{`. */
export function isJSONText(text: string): boolean {
  return text.trimStart().startsWith('{');
}

/** Parses config text; throws ConfigError for text that is not JSON or YAML. */
export function parseSource(text: string, source?: string): ParsedSource {
  return isJSONText(text) ? parseJSON(text, source) : parseYAML(text, source);
}

function parseJSON(text: string, source?: string): ParsedSource {
  try {
    JSON.parse(text);
  } catch (e) {
    throw new ConfigError(`couldn't get version/kind; json parse error: ${goJSONSyntaxError(text, e)}`, source);
  }
  // JSON is YAML's flow style: its AST keeps every key in order, duplicates included.
  const doc = parseDocument(text, { schema: 'json', uniqueKeys: false, prettyErrors: false });
  return { root: fromAst(doc.contents), json: true };
}

function fromAst(node: unknown): JNode {
  if (isMap(node)) {
    const pairs: [string, JNode][] = [];
    for (const p of node.items) pairs.push([String(isScalar(p.key) ? p.key.value : p.key), fromAst(p.value)]);
    return { kind: 'object', pairs };
  }
  if (isSeq(node)) return { kind: 'array', items: node.items.map(fromAst) };
  if (isScalar(node)) return fromPlain(node.value);
  return { kind: 'null' };
}

/** Go's wording for JSON syntax errors, from V8's. */
function goJSONSyntaxError(text: string, e: unknown): string {
  const msg = e instanceof Error ? e.message : String(e);
  if (/end of JSON input|Unterminated string/.test(msg)) return 'unexpected end of JSON input';
  const pos = /at position (\d+)/.exec(msg);
  if (pos && Number(pos[1]) >= text.length) return 'unexpected end of JSON input';
  const c = pos ? text[Number(pos[1])] : (/Unexpected token '?(.)/su.exec(msg)?.[1] ?? ' ');
  const q = goQuoteChar(c);
  if (/after JSON/.test(msg)) return `invalid character ${q} after top-level value`;
  if (/Expected property name/.test(msg)) return `invalid character ${q} looking for beginning of object key string`;
  if (/after property value/.test(msg)) return `invalid character ${q} after object key:value pair`;
  if (/after array element/.test(msg)) return `invalid character ${q} after array element`;
  if (/after property name/.test(msg)) return `invalid character ${q} after object key`;
  if (/control character/.test(msg)) return `invalid character ${q} in string literal`;
  return `invalid character ${q} looking for beginning of value`;
}

/** Go's `quoteChar` in encoding/json errors. */
function goQuoteChar(c: string): string {
  if (c === "'") return `'\\''`;
  if (c === '"') return `'"'`;
  return `'${goQuote(c).slice(1, -1)}'`;
}

function parseYAML(text: string, source?: string): ParsedSource {
  const lineCounter = new LineCounter();
  const docs = parseAllDocuments(text, {
    version: '1.1',
    // goyaml hands timestamp-like scalars to an interface{} as plain strings.
    customTags: (tags) =>
      tags.filter((t) => (typeof t === 'string' ? t !== 'timestamp' : t.tag !== 'tag:yaml.org,2002:timestamp')),
    uniqueKeys: false,
    prettyErrors: false,
    lineCounter,
  });
  // Like goyaml, only the first document counts.
  const doc = (docs as Document.Parsed[])[0];
  if (!doc) return { root: { kind: 'null' }, json: false };
  const err = doc.errors[0];
  if (err) {
    const { line } = lineCounter.linePos(err.pos[0]);
    const detail = err.message.replace(/ at line \d+, column \d+.*$/s, '');
    throw new ConfigError(`error converting YAML to JSON: yaml: line ${line}: ${detail}`, source);
  }
  const dups: string[] = [];
  findDuplicateKeys(doc.contents, lineCounter, dups);
  return {
    root: fromPlain(doc.toJS({ maxAliasCount: -1 })),
    json: false,
    duplicateKeys: dups.length
      ? `error converting YAML to JSON: yaml: unmarshal errors:\n  ${dups.join('\n  ')}`
      : undefined,
  };
}

/**
 * goyaml's strict decoding into a map: `line N: key "k" already set in map`, N being the line of
 * the repeated key's value, reported after anything found inside that value.
 */
function findDuplicateKeys(node: unknown, lc: LineCounter, out: string[]): void {
  if (isSeq(node)) {
    for (const item of node.items) findDuplicateKeys(item, lc, out);
    return;
  }
  if (!isMap(node)) return;
  const seen = new Set<string>();
  for (const pair of node.items) {
    if (!isPair(pair)) continue;
    findDuplicateKeys(pair.value, lc, out);
    const key = isScalar(pair.key) ? pair.key.value : null;
    const id = `${typeof key}:${String(key)}`;
    if (seen.has(id)) {
      const at = (pair.value as YamlNode | null)?.range?.[0] ?? (pair.key as YamlNode | null)?.range?.[0] ?? 0;
      const shown = typeof key === 'string' ? goQuote(key) : String(key);
      out.push(`line ${lc.linePos(at).line}: key ${shown} already set in map`);
    }
    seen.add(id);
  }
}
