import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ApiError } from '../../../machinery/errors.js';
import { aggregateMessages, limitRangerError } from './aggregate.js';
import { goFixed6 } from './constraints.js';
import { enforceLimits, limitRangerApplies, validateLimits } from './validate.js';

const lr = (limits: object[]) => ({ metadata: { name: 'lr' }, spec: { limits } });
const c = (name: string, requests?: object, limits?: object) => ({ name, resources: { requests, limits } });
const pod = (containers: object[], initContainers: object[] = []) => ({
  metadata: { name: 'nginx' },
  spec: { containers, initContainers },
});

test('container max: limit over, request over, no limit', () => {
  const r = [lr([{ type: 'Container', max: { cpu: '500m' } }])];
  assert.deepEqual(validateLimits('pods', pod([c('a', { cpu: '100m' }, { cpu: '1' })]), r), [
    'maximum cpu usage per Container is 500m, but limit is 1',
  ]);
  assert.deepEqual(validateLimits('pods', pod([c('a', { cpu: '600m' }, { cpu: '500m' })]), r), [
    'maximum cpu usage per Container is 500m, but request is 600m',
  ]);
  assert.deepEqual(validateLimits('pods', pod([c('a', { cpu: '100m' })]), r), [
    'maximum cpu usage per Container is 500m.  No limit is specified',
  ]);
  assert.deepEqual(validateLimits('pods', pod([c('a', { cpu: '500m' }, { cpu: '0.5' })]), r), []);
});

test('container min: no request, request under, limit under; init containers too', () => {
  const r = [lr([{ type: 'Container', min: { memory: '100Mi' } }])];
  assert.deepEqual(validateLimits('pods', pod([c('a')]), r), [
    'minimum memory usage per Container is 100Mi.  No request is specified',
  ]);
  assert.deepEqual(validateLimits('pods', pod([c('a', { memory: '50Mi' })]), r), [
    'minimum memory usage per Container is 100Mi, but request is 50Mi',
  ]);
  assert.deepEqual(
    validateLimits('pods', pod([c('a', { memory: '100Mi' })], [c('i', { memory: '200Mi' }, { memory: '10Mi' })]), r),
    ['minimum memory usage per Container is 100Mi, but limit is 10Mi'],
  );
});

test('ratio: exceeded, missing request, missing limit', () => {
  const r = [lr([{ type: 'Container', maxLimitRequestRatio: { cpu: '2' } }])];
  assert.deepEqual(validateLimits('pods', pod([c('a', { cpu: '250m' }, { cpu: '1' })]), r), [
    'cpu max limit to request ratio per Container is 2, but provided ratio is 4.000000',
  ]);
  assert.deepEqual(validateLimits('pods', pod([c('a', { cpu: '300m' }, { cpu: '600m' })]), r), []);
  assert.deepEqual(validateLimits('pods', pod([c('a', undefined, { cpu: '1' })]), r), [
    'cpu max limit to request ratio per Container is 2, but no request is specified or request is 0',
  ]);
  assert.deepEqual(validateLimits('pods', pod([c('a', { cpu: '1' })]), r), [
    'cpu max limit to request ratio per Container is 2, but no limit is specified or limit is 0',
  ]);
  assert.deepEqual(
    validateLimits('pods', pod([c('a', { cpu: '300m' }, { cpu: '1' })]), [
      lr([{ type: 'Container', maxLimitRequestRatio: { cpu: '3' } }]),
    ]),
    ['cpu max limit to request ratio per Container is 3, but provided ratio is 3.333333'],
  );
});

test('pod type checks effective totals, including sidecars and init containers', () => {
  const r = [lr([{ type: 'Pod', min: { memory: '1Gi' }, max: { cpu: '2' } }])];
  assert.deepEqual(
    validateLimits(
      'pods',
      pod([c('a', { memory: '256Mi', cpu: '1' }, { cpu: '1' }), c('b', { memory: '256Mi' }, { cpu: '1500m' })]),
      r,
    ),
    ['minimum memory usage per Pod is 1Gi, but request is 512Mi', 'maximum cpu usage per Pod is 2, but limit is 2500m'],
  );
  // the init container's 3 cpu dominates; a sidecar adds to the containers
  const p = pod([c('a', { memory: '1Gi' }, { cpu: '1' })], [c('init', undefined, { cpu: '3' })]);
  assert.deepEqual(validateLimits('pods', p, r), ['maximum cpu usage per Pod is 2, but limit is 3']);
  const s = pod(
    [c('a', { memory: '1Gi' }, { cpu: '1' })],
    [{ ...c('side', undefined, { cpu: '1500m' }), restartPolicy: 'Always' }],
  );
  assert.deepEqual(validateLimits('pods', s, r), ['maximum cpu usage per Pod is 2, but limit is 2500m']);
});

test('persistentvolumeclaim min and max on requests only', () => {
  const r = [lr([{ type: 'PersistentVolumeClaim', min: { storage: '1Gi' }, max: { storage: '10Gi' } }])];
  const pvc = (storage?: string) => ({
    metadata: { name: 'data' },
    spec: { resources: { requests: storage ? { storage } : {} } },
  });
  assert.deepEqual(validateLimits('persistentvolumeclaims', pvc('500Mi'), r), [
    'minimum storage usage per PersistentVolumeClaim is 1Gi, but request is 500Mi',
  ]);
  assert.deepEqual(validateLimits('persistentvolumeclaims', pvc('20Gi'), r), [
    'maximum storage usage per PersistentVolumeClaim is 10Gi, but request is 20Gi',
  ]);
  assert.deepEqual(validateLimits('persistentvolumeclaims', pvc(), r), [
    'minimum storage usage per PersistentVolumeClaim is 1Gi.  No request is specified',
    'maximum storage usage per PersistentVolumeClaim is 10Gi.  No request is specified',
  ]);
  assert.deepEqual(validateLimits('persistentvolumeclaims', pvc('5Gi'), r), []);
  assert.deepEqual(validateLimits('configmaps', {}, r), []);
});

test('the first LimitRange that objects is the one reported', () => {
  const p = pod([c('a', { cpu: '1' }, { cpu: '1' })]);
  const msgs = validateLimits('pods', p, [
    lr([{ type: 'Container', max: { cpu: '2' } }]),
    lr([{ type: 'Container', max: { cpu: '500m' } }]),
    lr([{ type: 'Container', max: { cpu: '100m' } }]),
  ]);
  assert.deepEqual(msgs, ['maximum cpu usage per Container is 500m, but limit is 1']);
});

test('aggregate prints like Go utilerrors and the error is a 403 with upstream text', () => {
  assert.equal(aggregateMessages(['a']), 'a');
  assert.equal(aggregateMessages(['a', 'b', 'a']), '[a, b]');
  assert.equal(aggregateMessages(['a', 'a']), 'a');
  const err = limitRangerError({ group: '', resource: 'pods' }, 'nginx', ['x', 'y']);
  assert.equal(err.code, 403);
  assert.equal(err.message, 'pods "nginx" is forbidden: [x, y]');
  assert.throws(
    () =>
      enforceLimits(
        { group: '', resource: 'pods' },
        pod([c('a', { cpu: '1' }, { cpu: '1' }), c('b', { cpu: '1' }, { cpu: '1' })]),
        [lr([{ type: 'Container', max: { cpu: '500m' } }])],
      ),
    (e: unknown) =>
      e instanceof ApiError &&
      e.message === 'pods "nginx" is forbidden: maximum cpu usage per Container is 500m, but limit is 1',
  );
});

test('when the plugin applies', () => {
  const pods = { group: '', resource: 'pods' };
  const pvcs = { group: '', resource: 'persistentvolumeclaims' };
  assert.equal(limitRangerApplies(pods, 'CREATE'), true);
  assert.equal(limitRangerApplies(pods, 'UPDATE'), false);
  assert.equal(limitRangerApplies(pvcs, 'UPDATE'), true);
  assert.equal(limitRangerApplies(pvcs, 'UPDATE', { oldObj: { metadata: { deletionTimestamp: 'x' } } }), false);
  assert.equal(limitRangerApplies(pods, 'CREATE', { subresource: 'binding' }), false);
  assert.equal(limitRangerApplies({ group: 'apps', resource: 'deployments' }, 'CREATE'), false);
});

test('Go %f rounding', () => {
  assert.equal(goFixed6(4), '4.000000');
  assert.equal(goFixed6(1 / 3), '0.333333');
  assert.equal(goFixed6(129 / 128), '1.007812');
  assert.equal(goFixed6(131 / 128), '1.023438');
});
