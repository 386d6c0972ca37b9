/**
 * Runs strategic merge patch cases written the way upstream's patch_test.go writes them (YAML
 * with original, twoWay, modified, current, threeWay, result), against our implementation.
 */
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { parse } from 'yaml';
import type { Definitions } from '../../api/openapi/types.js';
import { ApiError } from '../errors.js';
import { createThreeWayMergePatch, createTwoWayMergePatch, strategicMergePatch } from './strategic.js';

export interface PatchCase {
  description: string;
  original?: unknown;
  twoWay?: unknown;
  modified?: unknown;
  current?: unknown;
  threeWay?: unknown;
  result?: unknown;
  twoWayResult?: unknown;
  expectedError?: string;
}

export interface CaseOptions {
  /** Only apply `twoWay` to `original` (upstream's "custom" cases, which no diff produces). */
  applyOnly?: boolean;
}

/** Parses a `testCases:` YAML document. */
export function parseCases(yaml: string): PatchCase[] {
  return (parse(yaml) as { testCases: PatchCase[] }).testCases;
}

const doc = (v: unknown) => (v === undefined || v === null ? {} : v);

/** One `it` per case: two-way creation and application, three-way creation and application. */
export function runCases(cases: PatchCase[], definitions: Definitions, root: string, options: CaseOptions = {}): void {
  for (const c of cases) {
    it(c.description, () => {
      const original = doc(c.original);
      if (c.expectedError) {
        assert.throws(
          () => strategicMergePatch(original, c.twoWay, definitions, root),
          (err: ApiError) => err instanceof ApiError && err.message.includes(c.expectedError as string),
        );
        return;
      }
      if (c.twoWay !== undefined) {
        const expected = c.twoWayResult ?? c.modified;
        assert.deepEqual(strategicMergePatch(original, c.twoWay, definitions, root), doc(expected), 'two-way result');
        if (!options.applyOnly) {
          assert.deepEqual(createTwoWayMergePatch(original, c.modified, definitions, root), c.twoWay, 'two-way patch');
        }
      }
      if (c.threeWay === undefined || options.applyOnly) return;
      const current = doc(c.current);
      if (c.description.includes('conflict')) {
        assert.throws(
          () => createThreeWayMergePatch(original, c.modified, current, definitions, root, { overwrite: false }),
          (err: ApiError) => err.code === 409 && err.message.startsWith('patch:\n'),
          'expected a conflict',
        );
      } else {
        createThreeWayMergePatch(original, c.modified, current, definitions, root, { overwrite: false });
      }
      const threeWay = createThreeWayMergePatch(original, c.modified, current, definitions, root);
      assert.deepEqual(threeWay, c.threeWay, 'three-way patch');
      assert.deepEqual(strategicMergePatch(current, threeWay, definitions, root), doc(c.result), 'three-way result');
    });
  }
}
