import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { crontabCRD as plainCRD } from './crontab-fixture.js';
import { defaultCustomResourceDefinition } from './crd-internal.js';
import {
  calculateNamesAccepted,
  establishedCondition,
  isCRDConditionTrue,
  namesNeedSync,
  setCRDCondition,
} from './naming.js';
import type { CustomResourceDefinition, CustomResourceDefinitionNames } from './types.js';

/** The CronTab CRD as stored: v1 defaults applied. */
const crontabCRD = () => defaultCustomResourceDefinition(plainCRD());

/** An existing CRD of group g holding these accepted names. */
function holder(names: CustomResourceDefinitionNames, group = 'stable.example.com'): CustomResourceDefinition {
  const c = crontabCRD();
  c.metadata = { name: `${names.plural}.${group}` };
  c.spec = { ...c.spec, group, names };
  c.status = { acceptedNames: names };
  return c;
}

describe('calculateNamesAccepted', () => {
  it('accepts fresh names: NoConflicts, and Established False/Installing until the establishing controller runs', () => {
    const crd = crontabCRD();
    const r = calculateNamesAccepted(crd, [crd]);
    assert.deepEqual(r.acceptedNames, {
      plural: 'crontabs',
      singular: 'crontab',
      kind: 'CronTab',
      listKind: 'CronTabList',
      shortNames: ['ct'],
    });
    assert.deepEqual(r.namesAccepted, {
      type: 'NamesAccepted',
      status: 'True',
      reason: 'NoConflicts',
      message: 'no conflicts found',
    });
    assert.deepEqual(r.established, {
      type: 'Established',
      status: 'False',
      reason: 'Installing',
      message: 'the initial names have been accepted',
    });
  });

  it('refuses a plural another CRD of the group holds', () => {
    const crd = crontabCRD();
    const r = calculateNamesAccepted(crd, [
      crd,
      holder({ plural: 'crontabs', singular: 'other', kind: 'Other', listKind: 'OtherList' }),
    ]);
    assert.deepEqual(r.namesAccepted, {
      type: 'NamesAccepted',
      status: 'False',
      reason: 'PluralConflict',
      message: '"crontabs" is already in use',
    });
    assert.equal(r.acceptedNames.plural, undefined);
    assert.equal(r.acceptedNames.kind, 'CronTab');
    assert.deepEqual(r.established, {
      type: 'Established',
      status: 'False',
      reason: 'NotAccepted',
      message: 'not all names are accepted',
    });
  });

  it('ignores CRDs of other groups', () => {
    const crd = crontabCRD();
    const r = calculateNamesAccepted(crd, [
      holder(
        { plural: 'crontabs', singular: 'crontab', kind: 'CronTab', listKind: 'CronTabList' },
        'other.example.com',
      ),
    ]);
    assert.equal(r.namesAccepted.status, 'True');
  });

  it('reports the last conflict found, kinds against kinds and short names against resources', () => {
    const crd = crontabCRD();
    const other = holder({ plural: 'others', singular: 'ct', kind: 'CronTabList', listKind: 'OtherList' });
    const r = calculateNamesAccepted(crd, [crd, other]);
    assert.deepEqual(r.namesAccepted, {
      type: 'NamesAccepted',
      status: 'False',
      reason: 'ListKindConflict',
      message: '"CronTabList" is already in use',
    });
    assert.equal(r.acceptedNames.shortNames, undefined);
    const short = calculateNamesAccepted(crd, [
      crd,
      holder({ plural: 'others', singular: 'ct', kind: 'Other', listKind: 'OtherList' }),
    ]);
    assert.deepEqual(short.namesAccepted, {
      type: 'NamesAccepted',
      status: 'False',
      reason: 'ShortNamesConflict',
      message: '"ct" is already in use',
    });
  });

  it('names singular and kind conflicts', () => {
    const crd = crontabCRD();
    const r = calculateNamesAccepted(crd, [
      crd,
      holder({ plural: 'others', singular: 'crontab', kind: 'Other', listKind: 'OtherList' }),
    ]);
    assert.deepEqual(r.namesAccepted, {
      type: 'NamesAccepted',
      status: 'False',
      reason: 'SingularConflict',
      message: '"crontab" is already in use',
    });
    const k = calculateNamesAccepted(crd, [
      crd,
      holder({ plural: 'others', singular: 'other', kind: 'CronTab', listKind: 'OtherList' }),
    ]);
    assert.deepEqual(k.namesAccepted, {
      type: 'NamesAccepted',
      status: 'False',
      reason: 'KindConflict',
      message: '"CronTab" is already in use',
    });
  });

  it('keeps names a CRD already holds', () => {
    const crd = crontabCRD();
    crd.status = {
      acceptedNames: {
        plural: 'crontabs',
        singular: 'crontab',
        kind: 'CronTab',
        listKind: 'CronTabList',
        shortNames: ['ct'],
      },
    };
    crd.spec.names.shortNames = ['ct', 'cts'];
    const r = calculateNamesAccepted(crd, [crd]);
    assert.equal(r.namesAccepted.status, 'True');
    assert.deepEqual(r.acceptedNames.shortNames, ['ct', 'cts']);
  });

  it('keeps Established True once set', () => {
    const crd = crontabCRD();
    crd.status = { conditions: [establishedCondition()] };
    assert.deepEqual(calculateNamesAccepted(crd, [crd]).established, {
      type: 'Established',
      status: 'True',
      reason: 'InitialNamesAccepted',
      message: 'the initial names have been accepted',
    });
  });
});

describe('conditions', () => {
  it('moves lastTransitionTime only when the status changes', () => {
    const crd = crontabCRD();
    setCRDCondition(
      crd,
      { type: 'Established', status: 'False', reason: 'Installing' },
      new Date('2024-01-01T00:00:00.123Z'),
    );
    setCRDCondition(crd, { type: 'Established', status: 'False', reason: 'Still' }, new Date('2024-01-02T00:00:00Z'));
    assert.deepEqual(crd.status!.conditions, [
      {
        type: 'Established',
        status: 'False',
        reason: 'Still',
        message: undefined,
        lastTransitionTime: '2024-01-01T00:00:00Z',
      },
    ]);
    setCRDCondition(crd, establishedCondition(), new Date('2024-01-03T00:00:00Z'));
    assert.equal(crd.status!.conditions![0].lastTransitionTime, '2024-01-03T00:00:00Z');
    assert.equal(isCRDConditionTrue(crd, 'Established'), true);
  });

  it('tells when names need a sync', () => {
    const crd = crontabCRD();
    assert.equal(namesNeedSync(crd), true);
    crd.status = { acceptedNames: structuredClone(crd.spec.names) };
    assert.equal(namesNeedSync(crd), false);
  });
});
