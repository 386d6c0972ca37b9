/**
 * The delaying queue's pending set: a binary min-heap of items by ready time (ties in insertion
 * order), indexed by item key so a re-add can only move an item earlier.
 */

/** One item waiting for its ready time. */
export interface WaitingEntry<T> {
  readonly key: unknown;
  readonly item: T;
  /** When the item may be added to the queue, in clock milliseconds. */
  readyAt: number;
  /** Insertion order, the tie-break between equal ready times. */
  readonly seq: number;
  /** Position in the heap array. */
  index: number;
}

/** A min-heap of {@link WaitingEntry} with at most one entry per key. */
export class WaitingHeap<T> {
  private readonly heap: WaitingEntry<T>[] = [];
  private readonly byKey = new Map<unknown, WaitingEntry<T>>();
  private seq = 0;

  /** Number of waiting items. */
  get size(): number {
    return this.heap.length;
  }

  /** The entry with the earliest ready time, if any. */
  peek(): WaitingEntry<T> | undefined {
    return this.heap[0];
  }

  /**
   * Adds `item` to become ready at `readyAt`. If an entry with the same key is already waiting,
   * its ready time moves to `readyAt` only when that is earlier (the earliest wins), and the
   * originally added item is kept.
   */
  insert(key: unknown, item: T, readyAt: number): void {
    const existing = this.byKey.get(key);
    if (existing) {
      if (readyAt < existing.readyAt) {
        existing.readyAt = readyAt;
        this.up(existing.index);
      }
      return;
    }
    const entry: WaitingEntry<T> = { key, item, readyAt, seq: this.seq++, index: this.heap.length };
    this.heap.push(entry);
    this.byKey.set(key, entry);
    this.up(entry.index);
  }

  /** Removes and returns the earliest entry, if any. */
  pop(): WaitingEntry<T> | undefined {
    const top = this.heap[0];
    if (!top) return undefined;
    const last = this.heap.pop() as WaitingEntry<T>;
    if (last !== top) {
      this.heap[0] = last;
      last.index = 0;
      this.down(0);
    }
    this.byKey.delete(top.key);
    return top;
  }

  /** Drops every entry. */
  clear(): void {
    this.heap.length = 0;
    this.byKey.clear();
  }

  private less(a: WaitingEntry<T>, b: WaitingEntry<T>): boolean {
    return a.readyAt < b.readyAt || (a.readyAt === b.readyAt && a.seq < b.seq);
  }

  private swap(i: number, j: number): void {
    const a = this.heap[i];
    const b = this.heap[j];
    this.heap[i] = b;
    this.heap[j] = a;
    b.index = i;
    a.index = j;
  }

  private up(i: number): void {
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.less(this.heap[i], this.heap[parent])) return;
      this.swap(i, parent);
      i = parent;
    }
  }

  private down(i: number): void {
    const n = this.heap.length;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let smallest = i;
      if (l < n && this.less(this.heap[l], this.heap[smallest])) smallest = l;
      if (r < n && this.less(this.heap[r], this.heap[smallest])) smallest = r;
      if (smallest === i) return;
      this.swap(i, smallest);
      i = smallest;
    }
  }
}
