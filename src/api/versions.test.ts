import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compareKubeVersions } from './versions.js';

test('versions sort as upstream documents for CRD versions', () => {
  const input = [
    'v11alpha2',
    'foo10',
    'v10',
    'v2',
    'v1',
    'v12alpha1',
    'v3beta1',
    'v10beta3',
    'foo1',
    'v10alpha1',
    'v1beta1',
  ];
  assert.deepEqual(input.sort(compareKubeVersions), [
    'v10',
    'v2',
    'v1',
    'v10beta3',
    'v3beta1',
    'v1beta1',
    'v12alpha1',
    'v11alpha2',
    'v10alpha1',
    'foo1',
    'foo10',
  ]);
});
