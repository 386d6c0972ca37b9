/**
 * Upstream's `value.NewPrefixTransformers`
 * (`staging/src/k8s.io/apiserver/pkg/storage/value/transformer.go`): a list of transformers, each
 * under a byte prefix; the first writes, reads go to every one whose prefix matches.
 */
import { reduceErrors } from './errors.js';
import type { ReadResult, Transformer } from './types.js';

/** A transformer and the prefix its output is stored under (empty for identity). */
export interface PrefixTransformer {
  prefix: Buffer;
  transformer: Transformer;
}

/**
 * Combines `entries` (at least one). Writing uses the first and prepends its prefix. Reading tries,
 * in order, every entry whose prefix the data starts with, on the rest of the data:
 * - the first success wins, and is stale if it was not entry 0 (or the inner read was stale);
 * - a failure of an empty-prefix (identity) entry is skipped silently, as upstream's;
 * - other failures are collected; if nothing succeeds they are thrown (aggregated), and if
 *   nothing even matched, `new Error(noMatch)` is thrown.
 */
export function prefixTransformers(noMatch: string, entries: readonly PrefixTransformer[]): Transformer {
  if (entries.length === 0) throw new Error('prefixTransformers needs at least one transformer');
  return {
    toStorage(data: Buffer, key: string): Buffer {
      const first = entries[0];
      return Buffer.concat([first.prefix, first.transformer.toStorage(data, key)]);
    },
    fromStorage(data: Buffer, key: string): ReadResult {
      const errors: Error[] = [];
      for (let i = 0; i < entries.length; i++) {
        const { prefix, transformer } = entries[i];
        if (!data.subarray(0, prefix.length).equals(prefix)) continue;
        let result: ReadResult;
        try {
          result = transformer.fromStorage(data.subarray(prefix.length), key);
        } catch (err) {
          if (prefix.length > 0) errors.push(err instanceof Error ? err : new Error(String(err)));
          continue;
        }
        return { data: result.data, stale: result.stale || i !== 0 };
      }
      throw reduceErrors(errors) ?? new Error(noMatch);
    },
  };
}
