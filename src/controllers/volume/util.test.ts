/** Volume selection, after upstream's index_test.go (TestMatchVolume and friends). */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { PersistentVolume, PersistentVolumeClaim } from 'kubernetes-types/core/v1.js';
import type { StorageClass } from 'kubernetes-types/storage/v1.js';
import { checkVolumeSatisfyClaim, defaultClass, findBestMatchForClaim, isDelayBindingMode } from './util.js';

function pv(
  name: string,
  size: string,
  over: Partial<NonNullable<PersistentVolume['spec']>> = {},
  extra: Partial<PersistentVolume> = {},
): PersistentVolume {
  return {
    metadata: { name, ...(extra.metadata ?? {}) },
    spec: { capacity: { storage: size }, accessModes: ['ReadWriteOnce'], ...over },
    status: { phase: 'Available', ...(extra.status ?? {}) },
  };
}

function claim(size: string, over: Partial<NonNullable<PersistentVolumeClaim['spec']>> = {}): PersistentVolumeClaim {
  return {
    metadata: { name: 'claim', namespace: 'ns', uid: 'uid-1' },
    spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: size } }, ...over },
  };
}

const VOLUMES = [
  pv('gce-1g', '1Gi'),
  pv('gce-5g', '5Gi'),
  pv('gce-10g', '10Gi'),
  pv('nfs-rwx-5g', '5Gi', { accessModes: ['ReadWriteOnce', 'ReadOnlyMany', 'ReadWriteMany'] }),
  pv('gold-10g', '10Gi', { storageClassName: 'gold' }),
  pv('labelled-8g', '8Gi', {}, { metadata: { name: 'labelled-8g', labels: { tier: 'fast' } } }),
  pv('block-20g', '20Gi', { volumeMode: 'Block' }),
  pv('released-3g', '3Gi', {}, { status: { phase: 'Released' } }),
  pv('taken-2g', '2Gi', { claimRef: { namespace: 'other', name: 'x', uid: 'u' } }),
  pv('deleting-2g', '2Gi', {}, { metadata: { name: 'deleting-2g', deletionTimestamp: '2024-01-01T00:00:00Z' } }),
];

describe('findBestMatchForClaim', () => {
  const cases: [string, PersistentVolumeClaim, string | undefined, boolean?][] = [
    ['the smallest volume that fits', claim('2Gi'), 'gce-5g'],
    ['an exact fit', claim('1Gi'), 'gce-1g'],
    ['nothing big enough', claim('100Gi'), undefined],
    ['fewest access modes first', claim('4Gi'), 'gce-5g'],
    ['ReadWriteMany only where offered', claim('1Gi', { accessModes: ['ReadWriteMany'] }), 'nfs-rwx-5g'],
    ['the class must match', claim('1Gi', { storageClassName: 'gold' }), 'gold-10g'],
    ['a class nothing has', claim('1Gi', { storageClassName: 'silver' }), undefined],
    ['the selector must match', claim('1Gi', { selector: { matchLabels: { tier: 'fast' } } }), 'labelled-8g'],
    ['volume mode must match', claim('1Gi', { volumeMode: 'Block' }), 'block-20g'],
    ['delayed binding leaves unbound volumes to the scheduler', claim('1Gi'), undefined, true],
  ];
  for (const [name, c, want, delay] of cases) {
    it(name, () => assert.equal(findBestMatchForClaim(c, VOLUMES, delay ?? false)?.metadata?.name, want));
  }

  it('a volume pre-bound to the claim wins, even when larger or delayed', () => {
    const pre = pv(
      'pre-50g',
      '50Gi',
      { claimRef: { namespace: 'ns', name: 'claim' } },
      { status: { phase: 'Available' } },
    );
    assert.equal(findBestMatchForClaim(claim('1Gi'), [...VOLUMES, pre], false)?.metadata?.name, 'pre-50g');
    assert.equal(findBestMatchForClaim(claim('1Gi'), [...VOLUMES, pre], true)?.metadata?.name, 'pre-50g');
  });

  it('a volume pre-bound to another incarnation of the claim is not taken', () => {
    const pre = pv('pre-old', '50Gi', { claimRef: { namespace: 'ns', name: 'claim', uid: 'old' } });
    assert.equal(findBestMatchForClaim(claim('20Gi'), [pre], false), undefined);
  });

  it('an invalid selector is an error', () => {
    const c = claim('1Gi', { selector: { matchExpressions: [{ key: 'a', operator: 'In', values: [] }] } });
    assert.throws(
      () => findBestMatchForClaim(c, VOLUMES, false),
      /error creating internal label selector for claim: ns\/claim/,
    );
  });
});

describe('checkVolumeSatisfyClaim', () => {
  it('names the first mismatch as upstream does', () => {
    assert.equal(checkVolumeSatisfyClaim(pv('a', '1Gi'), claim('2Gi')), 'requested PV is too small');
    assert.equal(
      checkVolumeSatisfyClaim(pv('a', '5Gi'), claim('2Gi', { storageClassName: 'gold' })),
      'storageClassName does not match',
    );
    assert.equal(
      checkVolumeSatisfyClaim(pv('a', '5Gi', { volumeMode: 'Block' }), claim('2Gi')),
      'incompatible volumeMode',
    );
    assert.equal(
      checkVolumeSatisfyClaim(pv('a', '5Gi'), claim('2Gi', { accessModes: ['ReadWriteMany'] })),
      'incompatible accessMode',
    );
    assert.equal(checkVolumeSatisfyClaim(pv('a', '5Gi'), claim('2Gi')), undefined);
  });
});

describe('storage classes', () => {
  it('isDelayBindingMode', () => {
    const wffc = { metadata: { name: 'standard' }, provisioner: 'p', volumeBindingMode: 'WaitForFirstConsumer' };
    assert.equal(
      isDelayBindingMode(claim('1Gi', { storageClassName: 'standard' }), () => wffc),
      true,
    );
    assert.equal(
      isDelayBindingMode(claim('1Gi'), () => wffc),
      false,
    );
    assert.equal(
      isDelayBindingMode(claim('1Gi', { storageClassName: 'x' }), () => undefined),
      false,
    );
    assert.throws(
      () =>
        isDelayBindingMode(claim('1Gi', { storageClassName: 'x' }), () => ({
          metadata: { name: 'x' },
          provisioner: 'p',
        })),
      /VolumeBindingMode not set for StorageClass "x"/,
    );
  });

  it('defaultClass picks the newest class marked default', () => {
    const mk = (name: string, ts: string, d: boolean): StorageClass => ({
      metadata: {
        name,
        creationTimestamp: ts,
        annotations: d ? { 'storageclass.kubernetes.io/is-default-class': 'true' } : {},
      },
      provisioner: 'p',
    });
    const got = defaultClass([
      mk('a', '2024-01-01T00:00:00Z', true),
      mk('b', '2024-02-01T00:00:00Z', true),
      mk('c', '2024-03-01T00:00:00Z', false),
    ]);
    assert.equal(got?.metadata?.name, 'b');
  });
});
