// Two-way and three-way patches over merging lists: `$setElementOrder`, `$patch: delete`
// elements, `$deleteFromPrimitiveList`, nested merging lists (upstream's raw cases, in our data).
import { describe } from 'node:test';
import { mergeItemDefinitions } from './strategic-test-definitions.js';
import { parseCases, runCases } from './strategic-test-harness.js';

const scalars = parseCases(`
testCases:
  - description: delete scalars from a merging list
    original: { mergingIntList: [1, 2, 3] }
    twoWay: { $setElementOrder/mergingIntList: [1, 2], $deleteFromPrimitiveList/mergingIntList: [3] }
    modified: { mergingIntList: [1, 2] }
    current: { mergingIntList: [1, 2, 3, 4] }
    threeWay: { $setElementOrder/mergingIntList: [1, 2], $deleteFromPrimitiveList/mergingIntList: [3] }
    result: { mergingIntList: [1, 2, 4] }
  - description: delete a duplicated scalar everywhere
    original: { mergingIntList: [1, 2, 3, 3] }
    twoWay: { $setElementOrder/mergingIntList: [1, 2], $deleteFromPrimitiveList/mergingIntList: [3] }
    modified: { mergingIntList: [1, 2] }
    current: { mergingIntList: [1, 2, 3, 3, 4] }
    threeWay: { $setElementOrder/mergingIntList: [1, 2], $deleteFromPrimitiveList/mergingIntList: [3] }
    result: { mergingIntList: [1, 2, 4] }
  - description: add and delete scalars
    original: { mergingIntList: [1, 2, 3] }
    twoWay: { $setElementOrder/mergingIntList: [1, 2, 4], $deleteFromPrimitiveList/mergingIntList: [3], mergingIntList: [4] }
    modified: { mergingIntList: [1, 2, 4] }
    current: { mergingIntList: [1, 2, 3, 4] }
    threeWay: { $setElementOrder/mergingIntList: [1, 2, 4], $deleteFromPrimitiveList/mergingIntList: [3] }
    result: { mergingIntList: [1, 2, 4] }
  - description: add a scalar the server already has
    original: { mergingIntList: [1, 2] }
    twoWay: { $setElementOrder/mergingIntList: [1, 2, 3], mergingIntList: [3] }
    modified: { mergingIntList: [1, 2, 3] }
    current: { mergingIntList: [1, 2, 3] }
    threeWay: {}
    result: { mergingIntList: [1, 2, 3] }
  - description: add a scalar in front and keep the server's extra one in place
    original: { mergingIntList: [1, 2] }
    twoWay: { $setElementOrder/mergingIntList: [3, 1, 2], mergingIntList: [3] }
    modified: { mergingIntList: [3, 1, 2] }
    current: { mergingIntList: [1, 4, 2] }
    threeWay: { $setElementOrder/mergingIntList: [3, 1, 2], mergingIntList: [3] }
    result: { mergingIntList: [3, 1, 4, 2] }
  - description: reorder scalars and keep the server-only ones where they were
    original: { mergingIntList: [1, 2, 3, 4] }
    twoWay: { $setElementOrder/mergingIntList: [2, 1, 4, 3] }
    modified: { mergingIntList: [2, 1, 4, 3] }
    current: { mergingIntList: [1, 2, 7, 9, 8, 3, 4] }
    threeWay: { $setElementOrder/mergingIntList: [2, 1, 4, 3] }
    result: { mergingIntList: [2, 1, 7, 9, 8, 4, 3] }
`);

const maps = parseCases(`
testCases:
  - description: add maps to a merging list in order
    original: { mergingList: [{ name: a }, { name: b, value: x }] }
    twoWay:
      $setElementOrder/mergingList: [{ name: d }, { name: a }, { name: b }, { name: c }]
      mergingList: [{ name: d, value: w }, { name: c, value: z }]
    modified: { mergingList: [{ name: d, value: w }, { name: a }, { name: b, value: x }, { name: c, value: z }] }
    current: { mergingList: [{ name: a, other: s }, { name: b, value: x, other: t }] }
    threeWay:
      $setElementOrder/mergingList: [{ name: d }, { name: a }, { name: b }, { name: c }]
      mergingList: [{ name: d, value: w }, { name: c, value: z }]
    result:
      mergingList: [{ name: d, value: w }, { name: a, other: s }, { name: b, value: x, other: t }, { name: c, value: z }]
  - description: add a map where the server changed another, with conflict
    original: { mergingList: [{ name: a }, { name: b, value: x }] }
    twoWay: { $setElementOrder/mergingList: [{ name: a }, { name: b }, { name: c }], mergingList: [{ name: c, value: z }] }
    modified: { mergingList: [{ name: a }, { name: b, value: x }, { name: c, value: z }] }
    current: { mergingList: [{ name: a, other: s }, { name: b, value: changed, other: t }] }
    threeWay:
      $setElementOrder/mergingList: [{ name: a }, { name: b }, { name: c }]
      mergingList: [{ name: b, value: x }, { name: c, value: z }]
    result: { mergingList: [{ name: a, other: s }, { name: b, value: x, other: t }, { name: c, value: z }] }
  - description: change a field of a map in a merging list
    original: { mergingList: [{ name: a, value: x }, { name: b, value: y }] }
    twoWay: { $setElementOrder/mergingList: [{ name: a }, { name: b }], mergingList: [{ name: a, value: z }] }
    modified: { mergingList: [{ name: a, value: z }, { name: b, value: y }] }
    current: { mergingList: [{ name: a, value: x, other: s }, { name: b, value: y, other: t }] }
    threeWay: { $setElementOrder/mergingList: [{ name: a }, { name: b }], mergingList: [{ name: a, value: z }] }
    result: { mergingList: [{ name: a, value: z, other: s }, { name: b, value: y, other: t }] }
  - description: delete a field of a map in a merging list
    original: { mergingList: [{ name: a, value: x }, { name: b, value: y }] }
    twoWay: { $setElementOrder/mergingList: [{ name: a }, { name: b }], mergingList: [{ name: a, value: null }] }
    modified: { mergingList: [{ name: a }, { name: b, value: y }] }
    current: { mergingList: [{ name: a, value: x, other: s }, { name: b, value: y, other: t }] }
    threeWay: { $setElementOrder/mergingList: [{ name: a }, { name: b }], mergingList: [{ name: a, value: null }] }
    result: { mergingList: [{ name: a, other: s }, { name: b, value: y, other: t }] }
  - description: delete a map from a merging list
    original: { mergingList: [{ name: a }, { name: b }] }
    twoWay: { $setElementOrder/mergingList: [{ name: b }], mergingList: [{ name: a, $patch: delete }] }
    modified: { mergingList: [{ name: b }] }
    current: { mergingList: [{ name: a }, { name: b, other: t }] }
    threeWay: { $setElementOrder/mergingList: [{ name: b }], mergingList: [{ name: a, $patch: delete }] }
    result: { mergingList: [{ name: b, other: t }] }
  - description: add and delete maps while the server holds others
    original: { mergingList: [{ name: a }, { name: b }] }
    twoWay:
      $setElementOrder/mergingList: [{ name: b }, { name: c }]
      mergingList: [{ name: c }, { name: a, $patch: delete }]
    modified: { mergingList: [{ name: b }, { name: c }] }
    current: { mergingList: [{ name: a }, { name: b, other: t }, { name: d, other: u }] }
    threeWay:
      $setElementOrder/mergingList: [{ name: b }, { name: c }]
      mergingList: [{ name: c }, { name: a, $patch: delete }]
    result: { mergingList: [{ name: b, other: t }, { name: d, other: u }, { name: c }] }
  - description: add and delete maps while the server lost ours, with conflict
    original: { mergingList: [{ name: a }, { name: b }] }
    twoWay:
      $setElementOrder/mergingList: [{ name: b }, { name: c }]
      mergingList: [{ name: c }, { name: a, $patch: delete }]
    modified: { mergingList: [{ name: b }, { name: c }] }
    current: { mergingList: [{ name: a, other: s }, { name: d, other: u }] }
    threeWay:
      $setElementOrder/mergingList: [{ name: b }, { name: c }]
      mergingList: [{ name: b }, { name: c }, { name: a, $patch: delete }]
    result: { mergingList: [{ name: d, other: u }, { name: b }, { name: c }] }
  - description: replace a non-merging list nested in a merging list, with conflict
    original: { mergingList: [{ name: a, nonMergingList: [{ name: x }, { name: y, value: v }] }, { name: b }] }
    twoWay:
      $setElementOrder/mergingList: [{ name: a }, { name: b }]
      mergingList: [{ name: a, nonMergingList: [{ name: x, value: w }] }]
    modified: { mergingList: [{ name: a, nonMergingList: [{ name: x, value: w }] }, { name: b }] }
    current: { mergingList: [{ name: a, other: s, nonMergingList: [{ name: y, value: v }] }, { name: b, other: t }] }
    threeWay:
      $setElementOrder/mergingList: [{ name: a }, { name: b }]
      mergingList: [{ name: a, nonMergingList: [{ name: x, value: w }] }]
    result: { mergingList: [{ name: a, other: s, nonMergingList: [{ name: x, value: w }] }, { name: b, other: t }] }
  - description: reorder and add in a merging list nested in a merging list, with conflict
    original: { mergingList: [{ name: a, mergingList: [{ name: x }, { name: y, value: v }] }, { name: b }] }
    twoWay:
      $setElementOrder/mergingList: [{ name: a }, { name: b }]
      mergingList:
        - name: a
          $setElementOrder/mergingList: [{ name: y }, { name: x }]
          mergingList: [{ name: x, value: w }]
    modified: { mergingList: [{ name: a, mergingList: [{ name: y, value: v }, { name: x, value: w }] }, { name: b }] }
    current: { mergingList: [{ name: a, other: s, mergingList: [{ name: y, value: v, other: d }] }, { name: b, other: t }] }
    threeWay:
      $setElementOrder/mergingList: [{ name: a }, { name: b }]
      mergingList:
        - name: a
          $setElementOrder/mergingList: [{ name: y }, { name: x }]
          mergingList: [{ name: x, value: w }]
    result:
      mergingList: [{ name: a, other: s, mergingList: [{ name: y, value: v, other: d }, { name: x, value: w }] }, { name: b, other: t }]
  - description: set the element order and keep a server-only map after its neighbour
    original: { mergingList: [{ name: a }, { name: c, value: 3 }, { name: d, value: 4 }, { name: b, value: 2 }] }
    twoWay: { $setElementOrder/mergingList: [{ name: d }, { name: b }, { name: c }, { name: a }] }
    modified: { mergingList: [{ name: d, value: 4 }, { name: b, value: 2 }, { name: c, value: 3 }, { name: a }] }
    current: { mergingList: [{ name: a, other: s }, { name: c, value: 3 }, { name: d, value: 4 }, { name: b, value: 2 }, { name: z }] }
    threeWay: { $setElementOrder/mergingList: [{ name: d }, { name: b }, { name: c }, { name: a }] }
    result:
      mergingList: [{ name: d, value: 4 }, { name: b, value: 2 }, { name: c, value: 3 }, { name: a, other: s }, { name: z }]
  - description: delete in one list and reorder another
    original: { mergingList: [{ name: a, value: a }, { name: b, value: b }], mergeItemPtr: [{ name: c }, { name: d }] }
    current: { mergingList: [{ name: a, value: a }, { name: b, value: b }], mergeItemPtr: [{ name: c }, { name: d }] }
    modified: { mergingList: [{ name: b, value: b }], mergeItemPtr: [{ name: d }, { name: c }] }
    twoWay:
      $setElementOrder/mergingList: [{ name: b }]
      $setElementOrder/mergeItemPtr: [{ name: d }, { name: c }]
      mergingList: [{ name: a, $patch: delete }]
    threeWay:
      $setElementOrder/mergingList: [{ name: b }]
      $setElementOrder/mergeItemPtr: [{ name: d }, { name: c }]
      mergingList: [{ name: a, $patch: delete }]
    result: { mergingList: [{ name: b, value: b }], mergeItemPtr: [{ name: d }, { name: c }] }
`);

describe('strategic patches over merging lists of scalars', () => {
  runCases(scalars, mergeItemDefinitions, 'mergeItem');
});

describe('strategic patches over merging lists of maps', () => {
  runCases(maps, mergeItemDefinitions, 'mergeItem');
});
