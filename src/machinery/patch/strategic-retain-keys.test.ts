// `$retainKeys` as the diffs produce it and the server carries it out, for a retainKeys map
// and a `merge,retainKeys` list (upstream's retainKeys raw cases, in our data).
import { describe } from 'node:test';
import { mergeItemDefinitions } from './strategic-test-definitions.js';
import { parseCases, runCases } from './strategic-test-harness.js';

const cases = parseCases(`
testCases:
  - description: a three-way patch clears a field the server defaulted
    original: {}
    current: { retainKeysMap: { value: defaulted } }
    modified: { retainKeysMap: { other: mine } }
    twoWay: { retainKeysMap: { other: mine } }
    threeWay: { retainKeysMap: { $retainKeys: [other], other: mine } }
    result: { retainKeysMap: { other: mine } }
  - description: switching a discriminated union clears the other member (with conflict)
    original: {}
    current: { retainKeysMap: { name: type1, value: v } }
    modified: { retainKeysMap: { name: type2, other: o } }
    twoWay: { retainKeysMap: { name: type2, other: o } }
    threeWay: { retainKeysMap: { $retainKeys: [name, other], name: type2, other: o } }
    result: { retainKeysMap: { name: type2, other: o } }
  - description: adding a field sends the keys to keep
    original: { retainKeysMap: { name: n } }
    current: { retainKeysMap: { name: n, other: theirs } }
    modified: { retainKeysMap: { name: n, value: v } }
    twoWay: { retainKeysMap: { $retainKeys: [name, value], value: v } }
    threeWay: { retainKeysMap: { $retainKeys: [name, value], value: v } }
    result: { retainKeysMap: { name: n, value: v } }
  - description: deleting a field sends null and the keys to keep
    original: { retainKeysMap: { name: n, value: v } }
    current: { retainKeysMap: { name: n, value: v, other: theirs } }
    modified: { retainKeysMap: { name: n } }
    twoWay: { retainKeysMap: { $retainKeys: [name], value: null } }
    threeWay: { retainKeysMap: { $retainKeys: [name], value: null } }
    result: { retainKeysMap: { name: n } }
  - description: an unchanged map still clears what the server added
    original: { retainKeysMap: { name: n, value: v } }
    current: { retainKeysMap: { name: n, value: v, other: theirs } }
    modified: { retainKeysMap: { name: n, value: v } }
    twoWay: {}
    threeWay: { retainKeysMap: { $retainKeys: [name, value] } }
    result: { retainKeysMap: { name: n, value: v } }
  - description: a nested map is merged under the directive
    original: { retainKeysMap: { name: n, simpleMap: { k1: a } } }
    current: { retainKeysMap: { name: n, simpleMap: { k1: a, k3: c } } }
    modified: { retainKeysMap: { name: n, simpleMap: { k1: a, k2: b } } }
    twoWay: { retainKeysMap: { $retainKeys: [name, simpleMap], simpleMap: { k2: b } } }
    threeWay: { retainKeysMap: { $retainKeys: [name, simpleMap], simpleMap: { k2: b } } }
    result: { retainKeysMap: { name: n, simpleMap: { k1: a, k2: b, k3: c } } }
  - description: a nested merging int list gains an item and keeps the server's
    original: { retainKeysMap: { name: n, mergingIntList: [1, 2] } }
    current: { retainKeysMap: { name: n, mergingIntList: [1, 2, 3] } }
    modified: { retainKeysMap: { name: n, mergingIntList: [1, 2, 4] } }
    twoWay:
      retainKeysMap: { $setElementOrder/mergingIntList: [1, 2, 4], $retainKeys: [mergingIntList, name], mergingIntList: [4] }
    threeWay:
      retainKeysMap: { $setElementOrder/mergingIntList: [1, 2, 4], $retainKeys: [mergingIntList, name], mergingIntList: [4] }
    result: { retainKeysMap: { name: n, mergingIntList: [1, 2, 4, 3] } }
  - description: a nested merging int list loses an item
    original: { retainKeysMap: { name: n, mergingIntList: [1, 2, 3] } }
    current: { retainKeysMap: { name: n, mergingIntList: [1, 2, 3, 4] } }
    modified: { retainKeysMap: { name: n, mergingIntList: [1, 3] } }
    twoWay:
      retainKeysMap:
        $retainKeys: [mergingIntList, name]
        $deleteFromPrimitiveList/mergingIntList: [2]
        $setElementOrder/mergingIntList: [1, 3]
    threeWay:
      retainKeysMap:
        $retainKeys: [mergingIntList, name]
        $deleteFromPrimitiveList/mergingIntList: [2]
        $setElementOrder/mergingIntList: [1, 3]
    result: { retainKeysMap: { name: n, mergingIntList: [1, 3, 4] } }
  - description: a nested merging list is deleted
    original: { retainKeysMap: { name: n, mergingList: [{ name: a }, { name: b }] } }
    current: { retainKeysMap: { name: n, mergingList: [{ name: a }, { name: b }] } }
    modified: { retainKeysMap: { name: n, value: v } }
    twoWay: { retainKeysMap: { $retainKeys: [name, value], value: v, mergingList: null } }
    threeWay: { retainKeysMap: { $retainKeys: [name, value], value: v, mergingList: null } }
    result: { retainKeysMap: { name: n, value: v } }
  - description: an item of a nested merging list is deleted
    original: { retainKeysMap: { name: n, mergingList: [{ name: a }, { name: b }] } }
    current: { retainKeysMap: { name: n, mergingList: [{ name: a }, { name: b }, { name: x }] } }
    modified: { retainKeysMap: { name: n, mergingList: [{ name: a }] } }
    twoWay:
      retainKeysMap:
        $retainKeys: [mergingList, name]
        $setElementOrder/mergingList: [{ name: a }]
        mergingList: [{ name: b, $patch: delete }]
    threeWay:
      retainKeysMap:
        $retainKeys: [mergingList, name]
        $setElementOrder/mergingList: [{ name: a }]
        mergingList: [{ name: b, $patch: delete }]
    result: { retainKeysMap: { name: n, mergingList: [{ name: a }, { name: x }] } }
  - description: a retainKeys list element clears the server's field
    original: { retainKeysMergingList: [{ name: bar }, { name: foo, value: a }] }
    current: { retainKeysMergingList: [{ name: bar }, { name: foo, value: a, other: x }] }
    modified: { retainKeysMergingList: [{ name: bar }, { name: foo, value: a }] }
    twoWay: {}
    threeWay:
      $setElementOrder/retainKeysMergingList: [{ name: bar }, { name: foo }]
      retainKeysMergingList: [{ $retainKeys: [name, value], name: foo }]
    result: { retainKeysMergingList: [{ name: bar }, { name: foo, value: a }] }
  - description: a retainKeys list element changes a field and drops one
    original: { retainKeysMergingList: [{ name: bar }, { name: foo, value: old }] }
    current: { retainKeysMergingList: [{ name: bar }, { name: foo, value: old, other: x }] }
    modified: { retainKeysMergingList: [{ name: bar }, { name: foo, value: new }] }
    twoWay:
      $setElementOrder/retainKeysMergingList: [{ name: bar }, { name: foo }]
      retainKeysMergingList: [{ $retainKeys: [name, value], name: foo, value: new }]
    threeWay:
      $setElementOrder/retainKeysMergingList: [{ name: bar }, { name: foo }]
      retainKeysMergingList: [{ $retainKeys: [name, value], name: foo, value: new }]
    result: { retainKeysMergingList: [{ name: bar }, { name: foo, value: new }] }
  - description: a patch setting a field outside $retainKeys is rejected
    original: { retainKeysMap: { name: n } }
    twoWay: { retainKeysMap: { $retainKeys: [name], value: v } }
    expectedError: invalid patch format of retainKeys
  - description: $retainKeys must be a list
    original: { retainKeysMap: { name: n } }
    twoWay: { retainKeysMap: { $retainKeys: name } }
    expectedError: invalid patch format of retainKeys
`);

describe('strategic patches with $retainKeys', () => {
  runCases(cases, mergeItemDefinitions, 'mergeItem');
});
