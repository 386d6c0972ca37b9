import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ControllerRevision } from 'kubernetes-types/apps/v1.js';
import type { Lister } from '../../client/informers/lister.js';
import type { ResourceClient } from '../../client/rest/resource-client.js';
import { errors } from '../../machinery/errors.js';
import { canonicalJSON, computeHash, fnv32, fnv32a, hashRevisionData, safeEncodeString } from './hash.js';
import {
  controllerRevisionName,
  equalRevision,
  History,
  newControllerRevision,
  nextRevision,
  revisionsToTruncate,
  sortControllerRevisions,
} from './history.js';

const rev = (
  name: string,
  revision: number,
  data: unknown = {},
  created = '2026-01-01T00:00:00Z',
): ControllerRevision => ({
  metadata: { name, namespace: 'ns', creationTimestamp: created },
  revision,
  data: data as ControllerRevision['data'],
});

describe('hash', () => {
  it('computes FNV-1 and FNV-1a 32-bit as Go does', () => {
    // Published test vectors of the FNV reference implementation.
    assert.equal(fnv32(Buffer.from('')), 0x811c9dc5);
    assert.equal(fnv32(Buffer.from('a')), 0x050c5d7e);
    assert.equal(fnv32(Buffer.from('foobar')), 0x31f0b262);
    assert.equal(fnv32a(Buffer.from('a')), 0xe40c292c);
    assert.equal(fnv32a(Buffer.from('foobar')), 0xbf9cf968);
  });

  it('safe-encodes decimal digits into the alphabet without vowels', () => {
    assert.equal(safeEncodeString('0123456789'), '456789bcdf');
  });

  it('writes canonical JSON with sorted keys and Go escaping', () => {
    assert.equal(
      canonicalJSON({ b: 1, a: { d: [2, { z: 1, y: 2 }], c: '<&>' } }),
      '{"a":{"c":"\\u003c\\u0026\\u003e","d":[2,{"y":2,"z":1}]},"b":1}',
    );
    assert.equal(canonicalJSON({ a: undefined, b: null }), '{"b":null}');
  });

  it('hashes revision data independently of key order, and the collision count changes it', () => {
    const a = hashRevisionData({ spec: { template: { a: 1, b: 2 } } }, 0);
    assert.equal(a, hashRevisionData({ spec: { template: { b: 2, a: 1 } } }, 0));
    assert.notEqual(a, hashRevisionData({ spec: { template: { a: 1, b: 2 } } }, 1));
    assert.match(a, /^[bcdfghjklmnpqrstvwxz2456789]+$/);
    assert.notEqual(computeHash({ spec: {} }), computeHash({ spec: {} }, 1));
  });
});

describe('revisions', () => {
  it('names revisions prefix-hash, cutting long prefixes to 223 characters', () => {
    assert.equal(controllerRevisionName('web', 'abc'), 'web-abc');
    assert.equal(controllerRevisionName('x'.repeat(300), 'h'), `${'x'.repeat(223)}-h`);
  });

  it('builds a controlled revision labelled with the template labels and the hash', () => {
    const owner = { metadata: { name: 'web', namespace: 'ns', uid: 'u' } };
    const ref = { apiVersion: 'apps/v1', kind: 'StatefulSet', name: 'web', uid: 'u', controller: true };
    const cr = newControllerRevision(owner, ref, { app: 'web' }, { spec: {} }, 3, 0);
    const hash = hashRevisionData({ spec: {} }, 0);
    assert.equal(cr.metadata?.name, `web-${hash}`);
    assert.deepEqual(cr.metadata?.labels, { app: 'web', 'controller.kubernetes.io/hash': hash });
    assert.equal(cr.revision, 3);
    assert.deepEqual(cr.metadata?.ownerReferences, [ref]);
  });

  it('sorts by revision, then creation time, then name', () => {
    const sorted = sortControllerRevisions([
      rev('c', 2),
      rev('b', 1, {}, '2026-01-02T00:00:00Z'),
      rev('z', 1),
      rev('a', 1),
    ]);
    assert.deepEqual(
      sorted.map((r) => r.metadata?.name),
      ['a', 'z', 'b', 'c'],
    );
    assert.equal(nextRevision(sorted), 3);
    assert.equal(nextRevision([]), 1);
  });

  it('compares revisions by data', () => {
    assert.equal(equalRevision(rev('a', 1, { x: 1, y: 2 }), rev('b', 2, { y: 2, x: 1 })), true);
    assert.equal(equalRevision(rev('a', 1, { x: 1 }), rev('b', 2, { x: 2 })), false);
    assert.equal(equalRevision(undefined, undefined), true);
    assert.equal(equalRevision(rev('a', 1), undefined), false);
  });

  it('truncates the oldest non-live revisions beyond the limit', () => {
    const revs = [rev('r1', 1), rev('r2', 2), rev('r3', 3), rev('r4', 4), rev('r5', 5)];
    const live = new Set(['r1', 'r5']);
    assert.deepEqual(
      revisionsToTruncate(revs, live, 1).map((r) => r.metadata?.name),
      ['r2', 'r3'],
    );
    assert.deepEqual(revisionsToTruncate(revs, live, 3), []);
    assert.deepEqual(revisionsToTruncate(revs, live, -1), []);
    assert.deepEqual(
      revisionsToTruncate(revs, live, 0).map((r) => r.metadata?.name),
      ['r2', 'r3', 'r4'],
    );
  });

  it('bumps the collision count when a different revision holds the name', async () => {
    const stored = new Map<string, ControllerRevision>();
    const client = {
      async create(cr: ControllerRevision) {
        const name = cr.metadata!.name!;
        if (stored.has(name)) throw errors.alreadyExists({ group: 'apps', name: 'controllerrevisions' }, name);
        stored.set(name, cr);
        return cr;
      },
      async get(name: string) {
        return stored.get(name)!;
      },
    } as unknown as ResourceClient<ControllerRevision>;
    const history = new History(client, {} as Lister<ControllerRevision>);
    const parent = { metadata: { name: 'web', namespace: 'ns', uid: 'u' } };
    const data = { spec: { template: { a: 1 } } };
    // Someone else's data squats on the name our data hashes to with collisionCount 0.
    stored.set(`web-${hashRevisionData(data, 0)}`, rev('squatter', 1, { other: true }));
    const count = { value: 0 };
    const made = await history.create(parent, rev('', 1, data), count);
    assert.equal(count.value, 1);
    assert.equal(made.metadata?.name, `web-${hashRevisionData(data, 1)}`);
    // Creating the same data again finds it and keeps the count.
    const again = await history.create(parent, rev('', 1, data), count);
    assert.equal(again.metadata?.name, made.metadata?.name);
    assert.equal(count.value, 1);
  });
});
