// Two-way and three-way patches over maps and replaced lists: the patch each diff computes and
// what applying it gives (upstream's createStrategicMergePatchTestCaseData, in our data).
import { describe } from 'node:test';
import { mergeItemDefinitions } from './strategic-test-definitions.js';
import { parseCases, runCases } from './strategic-test-harness.js';

const cases = parseCases(`
testCases:
  - description: no original
    twoWay: { name: n, value: v }
    modified: { name: n, value: v }
    current: { name: n, other: o }
    threeWay: { value: v }
    result: { name: n, value: v, other: o }
  - description: nothing changed
    original: { name: n }
    twoWay: {}
    modified: { name: n }
    current: { name: n }
    threeWay: {}
    result: { name: n }
  - description: add a field
    original: { name: n }
    twoWay: { value: v }
    modified: { name: n, value: v }
    current: { name: n, other: o }
    threeWay: { value: v }
    result: { name: n, value: v, other: o }
  - description: add a field with conflict
    original: { name: n }
    twoWay: { value: v }
    modified: { name: n, value: v }
    current: { name: changed, other: o }
    threeWay: { name: n, value: v }
    result: { name: n, value: v, other: o }
  - description: add a field and delete one
    original: { name: n }
    twoWay: { name: null, value: v }
    modified: { value: v }
    current: { name: n, other: o }
    threeWay: { name: null, value: v }
    result: { value: v, other: o }
  - description: delete a field of a nested map
    original: { simpleMap: { k1: a, k2: b } }
    twoWay: { simpleMap: { k2: null } }
    modified: { simpleMap: { k1: a } }
    current: { simpleMap: { k1: a, k2: b, k3: c } }
    threeWay: { simpleMap: { k2: null } }
    result: { simpleMap: { k1: a, k3: c } }
  - description: delete a field of a nested map with conflict
    original: { simpleMap: { k1: a, k2: b } }
    twoWay: { simpleMap: { k2: null } }
    modified: { simpleMap: { k1: a } }
    current: { simpleMap: { k1: changed, k2: b, k3: c } }
    threeWay: { simpleMap: { k1: a, k2: null } }
    result: { simpleMap: { k1: a, k3: c } }
  - description: delete every field we set, keeping the server's
    original: { name: n, value: v }
    twoWay: { name: null, value: null }
    modified: {}
    current: { name: n, value: v, other: o }
    threeWay: { name: null, value: null }
    result: { other: o }
  - description: add a field that the server changed, with conflict
    original: { name: n, value: v }
    twoWay: { name: null, value: null, other: mine }
    modified: { other: mine }
    current: { name: n, value: v, other: theirs }
    threeWay: { name: null, value: null, other: mine }
    result: { other: mine }
  - description: replace a non-merging list of scalars
    original: { nonMergingIntList: [1, 2] }
    twoWay: { nonMergingIntList: [2, 3] }
    modified: { nonMergingIntList: [2, 3] }
    current: { nonMergingIntList: [1, 2] }
    threeWay: { nonMergingIntList: [2, 3] }
    result: { nonMergingIntList: [2, 3] }
  - description: replace a non-merging list of scalars with conflict
    original: { nonMergingIntList: [1, 2] }
    twoWay: { nonMergingIntList: [2, 3] }
    modified: { nonMergingIntList: [2, 3] }
    current: { nonMergingIntList: [1, 4] }
    threeWay: { nonMergingIntList: [2, 3] }
    result: { nonMergingIntList: [2, 3] }
  - description: delete every map of a merging list
    original: { mergingList: [{ name: a }, { name: b }] }
    twoWay: { mergingList: [{ name: a, $patch: delete }, { name: b, $patch: delete }] }
    modified: { mergingList: [] }
    current: { mergingList: [{ name: a }, { name: b }] }
    threeWay: { mergingList: [{ name: a, $patch: delete }, { name: b, $patch: delete }] }
    result: { mergingList: [] }
  - description: delete every map of a merging list with conflict
    original: { mergingList: [{ name: a }, { name: b }] }
    twoWay: { mergingList: [{ name: a, $patch: delete }, { name: b, $patch: delete }] }
    modified: { mergingList: [] }
    current: { mergingList: [{ name: a, other: x }, { name: b, other: y }] }
    threeWay: { mergingList: [{ name: a, $patch: delete }, { name: b, $patch: delete }] }
    result: { mergingList: [] }
  - description: delete maps the server no longer has
    original: { mergingList: [{ name: a }, { name: b }] }
    twoWay: { mergingList: [{ name: a, $patch: delete }, { name: b, $patch: delete }] }
    modified: { mergingList: [] }
    current: { mergingList: [] }
    threeWay: { mergingList: [{ name: a, $patch: delete }, { name: b, $patch: delete }] }
    result: { mergingList: [] }
  - description: empty merging lists need no patch
    original: { mergingList: [] }
    twoWay: {}
    modified: { mergingList: [] }
    current: { mergingList: [] }
    threeWay: {}
    result: { mergingList: [] }
  - description: explicit nulls in the manifest overwrite the server (with conflict)
    original: { name: before }
    twoWay: { name: n, value: v, other: null }
    twoWayResult: { name: n, value: v }
    modified: { name: n, value: v, other: null }
    current: { name: theirs, other: theirs }
    threeWay: { name: n, value: v, other: null }
    result: { name: n, value: v }
  - description: explicit nulls in the manifest remove what we had set
    original: { name: before, value: before }
    current: { name: before, value: before, other: theirs }
    modified: { name: after, value: null }
    twoWay: { name: after, value: null }
    twoWayResult: { name: after }
    threeWay: { name: after, value: null }
    result: { name: after, other: theirs }
  - description: an unchanged retainKeys map sends no directive
    original: { name: n, retainKeysMap: { name: r } }
    current: { name: n, value: theirs, retainKeysMap: { name: r } }
    modified: { name: n, retainKeysMap: { name: r } }
    twoWay: {}
    threeWay: {}
    result: { name: n, value: theirs, retainKeysMap: { name: r } }
  - description: a replace-strategy map is sent whole
    original: { name: n, replacingItem: { Some: Generic, Field: Period } }
    current: { name: n, other: o, replacingItem: { Some: Generic, Field: Period } }
    modified: { name: n, replacingItem: { Newly: Modified } }
    twoWay: { replacingItem: { Newly: Modified } }
    threeWay: { replacingItem: { Newly: Modified } }
    result: { name: n, other: o, replacingItem: { Newly: Modified } }
`);

describe('strategic two-way and three-way patches over maps', () => {
  runCases(cases, mergeItemDefinitions, 'mergeItem');
});
