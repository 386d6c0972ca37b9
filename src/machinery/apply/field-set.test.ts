import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { pathString, type Path } from './field-path.js';
import { FieldSet } from './field-set.js';

const p = (...names: string[]): Path => names.map((field) => ({ field }));
const strings = (s: FieldSet) => s.paths().map(pathString);

describe('FieldSet', () => {
  it('tells members from prefixes and never tracks the empty path', () => {
    const s = FieldSet.of(p('spec', 'replicas'), []);
    assert.ok(s.has(p('spec', 'replicas')));
    assert.ok(!s.has(p('spec')));
    assert.ok(!s.has([]));
    assert.ok(new FieldSet().isEmpty());
    assert.ok(!s.isEmpty());
  });

  it('iterates a node’s members before its children, each sorted', () => {
    const s = FieldSet.of(p('spec', 'template', 'x'), p('spec', 'replicas'), p('metadata', 'labels', 'a'), p('kind'));
    assert.deepEqual(strings(s), ['.kind', '.metadata.labels.a', '.spec.replicas', '.spec.template.x']);
  });

  it('unions and intersects at every depth', () => {
    const a = FieldSet.of(p('a', 'b'), p('a', 'c'), p('d'));
    const b = FieldSet.of(p('a', 'c'), p('e'));
    assert.deepEqual(strings(a.union(b)), ['.d', '.e', '.a.b', '.a.c']);
    assert.deepEqual(strings(a.intersection(b)), ['.a.c']);
    assert.ok(a.intersection(FieldSet.of(p('a'))).isEmpty());
  });

  it('keeps paths below a removed member in a difference but not in a recursive difference', () => {
    const s = FieldSet.of(p('status'), p('status', 'replicas'), p('spec', 'replicas'));
    const status = FieldSet.of(p('status'));
    assert.deepEqual(strings(s.difference(status)), ['.spec.replicas', '.status.replicas']);
    assert.deepEqual(strings(s.recursiveDifference(status)), ['.spec.replicas']);
  });

  it('leaves no empty child behind', () => {
    const s = FieldSet.of(p('a', 'b')).difference(FieldSet.of(p('a', 'b')));
    assert.ok(s.isEmpty());
    assert.deepEqual(s.children(), []);
    assert.ok(FieldSet.of(p('a', 'b')).equals(FieldSet.of(p('a', 'b'))));
    assert.ok(!FieldSet.of(p('a', 'b')).equals(FieldSet.of(p('a'))));
  });

  it('builds sets of field paths for reset fields', () => {
    assert.deepEqual(strings(FieldSet.fromFieldPaths(['status'], ['metadata', 'labels'])), [
      '.status',
      '.metadata.labels',
    ]);
  });
});
