/**
 * A set of field paths kept as a trie, as structured-merge-diff's `fieldpath.Set`: at each node
 * the path elements that are themselves members, and the children that have members below them.
 * A node can be both (FieldsV1's `.: {}`). Every operation returns a new set and never leaves an
 * empty child behind. A set is not changed once built, so results share the subtrees of their
 * operands where those come through unchanged.
 */
import { comparePathElements, serializePathElement, type Path, type PathElement } from './field-path.js';

interface Child {
  readonly pe: PathElement;
  readonly set: FieldSet;
}

const byElement = <T extends { pe: PathElement }>(a: T, b: T) => comparePathElements(a.pe, b.pe);

/** A set of paths (`fieldpath.Set`); build one with `FieldSet.of` or `toFieldSet`, read it with `paths()`. */
export class FieldSet {
  /** Member path elements by their FieldsV1 spelling. */
  readonly #members = new Map<string, PathElement>();
  /** Child sets by the FieldsV1 spelling of their path element. */
  readonly #children = new Map<string, Child>();

  /** The set of the given paths. */
  static of(...paths: Path[]): FieldSet {
    const s = new FieldSet();
    for (const p of paths) s.insert(p);
    return s;
  }

  /** The set of paths made only of field names: `FieldSet.fromFieldPaths(['status'], ['metadata', 'labels'])`. */
  static fromFieldPaths(...paths: readonly string[][]): FieldSet {
    return FieldSet.of(...paths.map((p) => p.map((field) => ({ field }))));
  }

  /** Adds a path; the empty path (the whole object) is never tracked, as upstream. */
  insert(path: Path): void {
    FieldSet.#insertInto(this, path);
  }

  static #insertInto(root: FieldSet, path: Path): void {
    if (path.length === 0) return;
    let node = root;
    for (let i = 0; i < path.length - 1; i++) node = node.#descend(path[i]);
    node.addMember(path[path.length - 1]);
  }

  /** Marks one path element of this node as a member. */
  addMember(pe: PathElement): void {
    this.#members.set(serializePathElement(pe), pe);
  }

  /** Sets (replacing) the child set under one path element; an empty set removes the child. */
  setChild(pe: PathElement, set: FieldSet): void {
    const k = serializePathElement(pe);
    if (set.isEmpty()) this.#children.delete(k);
    else this.#children.set(k, { pe, set });
  }

  #descend(pe: PathElement): FieldSet {
    const k = serializePathElement(pe);
    let c = this.#children.get(k);
    if (!c) {
      c = { pe, set: new FieldSet() };
      this.#children.set(k, c);
    }
    return c.set;
  }

  /** True when the path is a member (not merely a prefix of members). */
  has(path: Path): boolean {
    if (path.length === 0) return false;
    if (path.length === 1) return this.hasMember(path[0]);
    return this.#children.get(serializePathElement(path[0]))?.set.has(path.slice(1)) ?? false;
  }

  /** True when one path element of this node is a member. */
  hasMember(pe: PathElement): boolean {
    return this.#members.has(serializePathElement(pe));
  }

  /** True when the set has no member at any depth (a child is never empty, so no descent is needed). */
  isEmpty(): boolean {
    return this.#members.size === 0 && this.#children.size === 0;
  }

  /** The members below one path element of this node, as a set relative to it (empty when none). */
  withPrefix(pe: PathElement): FieldSet {
    return this.#children.get(serializePathElement(pe))?.set ?? new FieldSet();
  }

  /** This node's members, in upstream's order. */
  members(): PathElement[] {
    return [...this.#members.values()].sort(comparePathElements);
  }

  /** This node's children, in upstream's order. */
  children(): { pe: PathElement; set: FieldSet }[] {
    return [...this.#children.values()].sort(byElement);
  }

  /** Paths in s or in o. */
  union(o: FieldSet): FieldSet {
    const out = new FieldSet();
    for (const [k, pe] of this.#members) out.#members.set(k, pe);
    for (const [k, pe] of o.#members) out.#members.set(k, pe);
    for (const [k, c] of this.#children) {
      const other = o.#children.get(k);
      out.setChild(c.pe, other ? c.set.union(other.set) : c.set);
    }
    for (const [k, c] of o.#children) if (!this.#children.has(k)) out.setChild(c.pe, c.set);
    return out;
  }

  /** Paths in both s and o. */
  intersection(o: FieldSet): FieldSet {
    const out = new FieldSet();
    for (const [k, pe] of this.#members) if (o.#members.has(k)) out.#members.set(k, pe);
    for (const [k, c] of this.#children) {
      const other = o.#children.get(k);
      if (other) out.setChild(c.pe, c.set.intersection(other.set));
    }
    return out;
  }

  /** Paths in s but not in o (a member of o does not remove the paths below it). */
  difference(o: FieldSet): FieldSet {
    const out = new FieldSet();
    for (const [k, pe] of this.#members) if (!o.#members.has(k)) out.#members.set(k, pe);
    for (const [k, c] of this.#children) {
      const other = o.#children.get(k);
      out.setChild(c.pe, other ? c.set.difference(other.set) : c.set);
    }
    return out;
  }

  /** Paths in s that are neither in o nor below a member of o. */
  recursiveDifference(o: FieldSet): FieldSet {
    const out = new FieldSet();
    for (const [k, pe] of this.#members) if (!o.#members.has(k)) out.#members.set(k, pe);
    for (const [k, c] of this.#children) {
      if (o.#members.has(k)) continue;
      const other = o.#children.get(k);
      out.setChild(c.pe, other ? c.set.recursiveDifference(other.set) : c.set);
    }
    return out;
  }

  /** True when both sets have the same members at every depth. */
  equals(o: FieldSet): boolean {
    return this.difference(o).isEmpty() && o.difference(this).isEmpty();
  }

  /** Every member path, in upstream's iteration order: a node's members, then its children's. */
  paths(): PathElement[][] {
    const out: PathElement[][] = [];
    const walk = (s: FieldSet, prefix: PathElement[]) => {
      for (const pe of s.members()) out.push([...prefix, pe]);
      for (const c of s.children()) walk(c.set, [...prefix, c.pe]);
    };
    walk(this, []);
    return out;
  }
}
