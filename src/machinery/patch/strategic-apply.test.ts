// Applying hand-written patches that no diff would produce (upstream's "custom" cases, in our data).
import { describe } from 'node:test';
import { mergeItemDefinitions } from './strategic-test-definitions.js';
import { parseCases, runCases } from './strategic-test-harness.js';

const cases = parseCases(`
testCases:
  - description: a merging list of scalars is a set union
    original: { mergingIntList: [10, 20] }
    twoWay: { mergingIntList: [20, 30] }
    modified: { mergingIntList: [10, 20, 30] }
  - description: a patch adding only new scalars puts them first, as upstream's ordering does
    original: { mergingIntList: [10, 20] }
    twoWay: { mergingIntList: [30] }
    modified: { mergingIntList: [30, 10, 20] }
  - description: a patch adding only new maps puts them first, as upstream's ordering does
    original: { mergingList: [{ name: a }, { name: b }] }
    twoWay: { mergingList: [{ name: c }] }
    modified: { mergingList: [{ name: c }, { name: a }, { name: b }] }
  - description: $patch delete on a nested map empties it
    original: { simpleMap: { k1: v1, k2: v2 } }
    twoWay: { simpleMap: { $patch: delete } }
    modified: { simpleMap: {} }
  - description: a lone $patch replace element empties a merging list
    original: { mergingList: [{ name: a }, { name: b }] }
    twoWay: { mergingList: [{ $patch: replace }] }
    modified: { mergingList: [] }
  - description: a $patch replace element makes the other elements the whole list
    original: { mergingList: [{ name: a, value: x }, { name: b }] }
    twoWay: { mergingList: [{ $patch: replace }, { name: c }, { name: a }] }
    modified: { mergingList: [{ name: c }, { name: a }] }
  - description: empty merging lists merge to an empty list
    original: { mergingList: [] }
    twoWay: { mergingList: [] }
    modified: { mergingList: [] }
  - description: $patch replace at the top replaces every key
    original: { name: n, value: v }
    twoWay: { $patch: replace }
    modified: {}
  - description: $patch replace keeps the other keys of the patch
    original: { name: n, value: v }
    twoWay: { other: o, $patch: replace }
    modified: { other: o }
  - description: one delete element removes every duplicate of its key
    original: { mergingList: [{ name: a }, { name: a }, { name: b, value: x }, { name: c }, { name: c }] }
    twoWay: { mergingList: [{ name: a, $patch: delete }, { name: c, $patch: delete }] }
    modified: { mergingList: [{ name: b, value: x }] }
  - description: deleting an item that is not there changes nothing
    original: { mergingList: [{ name: a }] }
    twoWay: { mergingList: [{ name: z, $patch: delete }] }
    modified: { mergingList: [{ name: a }] }
  - description: a retainKeys map merges normally without the directive
    original: { retainKeysMap: { name: n, value: a } }
    twoWay: { retainKeysMap: { value: b, other: c } }
    modified: { retainKeysMap: { name: n, value: b, other: c } }
  - description: a retainKeys map deletes a field with null without the directive
    original: { retainKeysMap: { name: n, value: a } }
    twoWay: { retainKeysMap: { value: null } }
    modified: { retainKeysMap: { name: n } }
  - description: a retainKeys map merged with an empty map is unchanged
    original: { retainKeysMap: { name: n, value: a } }
    twoWay: { retainKeysMap: {} }
    modified: { retainKeysMap: { name: n, value: a } }
  - description: $retainKeys clears the fields it does not name
    original: { retainKeysMap: { name: n, value: a, other: o } }
    twoWay: { retainKeysMap: { $retainKeys: [name, value], value: b } }
    modified: { retainKeysMap: { name: n, value: b } }
  - description: $retainKeys works in merging list elements
    original: { retainKeysMergingList: [{ name: a, value: x, other: y }, { name: b }] }
    twoWay: { retainKeysMergingList: [{ name: a, $retainKeys: [name, value], value: z }] }
    modified: { retainKeysMergingList: [{ name: a, value: z }, { name: b }] }
  - description: the patch order of existing items wins over the server order
    original: { mergingList: [{ name: a }, { name: b, value: x }, { name: c }] }
    twoWay: { mergingList: [{ name: c, value: z }, { name: a, value: y }, { name: b, other: o }] }
    modified: { mergingList: [{ name: c, value: z }, { name: a, value: y }, { name: b, value: x, other: o }] }
  - description: items the patch leaves out keep their place relative to the patched ones
    original: { mergingList: [{ name: a }, { name: b, value: x }, { name: c }] }
    twoWay: { mergingList: [{ name: c, value: z }, { name: a, value: y }] }
    modified: { mergingList: [{ name: b, value: x }, { name: c, value: z }, { name: a, value: y }] }
  - description: scalar patch order wins too
    original: { mergingIntList: [1, 2, 3] }
    twoWay: { mergingIntList: [3, 1] }
    modified: { mergingIntList: [2, 3, 1] }
  - description: $setElementOrder may name items the list does not have
    original: { mergingList: [{ name: a }, { name: c }] }
    twoWay:
      $setElementOrder/mergingList: [{ name: c }, { name: b }, { name: a }]
      mergingList: [{ name: c, value: 3 }, { name: a, value: 1 }]
    modified: { mergingList: [{ name: c, value: 3 }, { name: a, value: 1 }] }
  - description: $setElementOrder alone reorders a scalar list
    original: { mergingIntList: [1, 3] }
    twoWay: { $setElementOrder/mergingIntList: [3, 2, 1] }
    modified: { mergingIntList: [3, 1] }
  - description: a patch list out of $setElementOrder's order is rejected
    original: { mergingList: [{ name: a }, { name: c }, { name: b }] }
    twoWay:
      $setElementOrder/mergingList: [{ name: a }, { name: b }, { name: c }]
      mergingList: [{ name: c, value: 3 }, { name: a, value: 1 }]
    expectedError: "doesn't match $setElementOrder list"
  - description: a scalar patch list out of $setElementOrder's order is rejected
    original: { mergingIntList: [1, 3, 2] }
    twoWay: { $setElementOrder/mergingIntList: [1, 2, 3], mergingIntList: [3, 1] }
    expectedError: "doesn't match $setElementOrder list"
  - description: a merging list element without the merge key is rejected
    original: { mergingList: [{ name: a, value: x }] }
    twoWay: { mergingList: [{ value: y }] }
    expectedError: 'map: map[value:y] does not contain declared merge key: name'
  - description: a new field drops nulls and $patch maps inside it
    original: {}
    twoWay: { retainKeysMap: { name: n, value: null, mergingList: [{ name: a }, { name: b, $patch: delete }] } }
    modified: { retainKeysMap: { name: n, mergingList: [{ name: a }] } }
  - description: a delete directive for a field that is not there adds nothing
    original: { name: n }
    twoWay: { simpleMap: { $patch: delete } }
    modified: { name: n }
  - description: null for a missing field adds nothing
    original: { name: n }
    twoWay: { value: null }
    modified: { name: n }
`);

describe('strategicMergePatch on hand-written patches', () => {
  runCases(cases, mergeItemDefinitions, 'mergeItem', { applyOnly: true });
});
