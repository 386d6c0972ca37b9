import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { cellsFor, columnsFor } from './index.js';

// apps, batch, autoscaling and policy tables, against the cells upstream's printers produce.

const now = new Date('2024-06-01T12:00:00Z');
const ago = (ms: number) => new Date(now.getTime() - ms).toISOString();
const S = 1000;
const M = 60 * S;
const meta = (name: string, extra: object = {}) => ({ name, creationTimestamp: ago(2 * M), ...extra });
const headers = (group: string, resource: string) =>
  columnsFor(group, resource).map((c) => (c.priority ? `(${c.name})` : c.name));
const podSpec = {
  containers: [
    { name: 'fake-container1', image: 'fake-image1' },
    { name: 'fake-container2', image: 'fake-image2' },
  ],
};

describe('apps', () => {
  it('deployments: READY, UP-TO-DATE, AVAILABLE, CONTAINERS, IMAGES, SELECTOR', () => {
    const d = {
      metadata: meta('test1'),
      spec: { replicas: 5, template: { spec: podSpec }, selector: { matchLabels: { foo: 'bar' } } },
      status: { replicas: 10, updatedReplicas: 2, availableReplicas: 1, unavailableReplicas: 4 },
    };
    assert.deepEqual(cellsFor('apps', 'deployments', d, now), [
      'test1',
      '0/5',
      2,
      1,
      '2m',
      'fake-container1,fake-container2',
      'fake-image1,fake-image2',
      'foo=bar',
    ]);
    assert.deepEqual(headers('apps', 'deployments'), [
      'Name',
      'Ready',
      'Up-to-date',
      'Available',
      'Age',
      '(Containers)',
      '(Images)',
      '(Selector)',
    ]);
    assert.equal(cellsFor('apps', 'deployments', { metadata: meta('d'), spec: {} }, now)[7], '');
  });
  it('replicasets, statefulsets, daemonsets', () => {
    const rs = {
      metadata: meta('rs'),
      spec: { replicas: 3, template: { spec: podSpec }, selector: { matchLabels: { app: 'x' } } },
      status: { replicas: 3, readyReplicas: 2 },
    };
    assert.deepEqual(cellsFor('apps', 'replicasets', rs, now), [
      'rs',
      3,
      3,
      2,
      '2m',
      'fake-container1,fake-container2',
      'fake-image1,fake-image2',
      'app=x',
    ]);
    const sts = {
      metadata: meta('web'),
      spec: { replicas: 3, template: { spec: podSpec } },
      status: { readyReplicas: 1 },
    };
    assert.deepEqual(cellsFor('apps', 'statefulsets', sts, now), [
      'web',
      '1/3',
      '2m',
      'fake-container1,fake-container2',
      'fake-image1,fake-image2',
    ]);
    const ds = {
      metadata: meta('test1'),
      spec: { template: { spec: podSpec }, selector: { matchLabels: { foo: 'bar' } } },
      status: {
        currentNumberScheduled: 2,
        desiredNumberScheduled: 3,
        numberReady: 1,
        updatedNumberScheduled: 2,
        numberAvailable: 0,
      },
    };
    assert.deepEqual(cellsFor('apps', 'daemonsets', ds, now), [
      'test1',
      3,
      2,
      1,
      2,
      0,
      '<none>',
      '2m',
      'fake-container1,fake-container2',
      'fake-image1,fake-image2',
      'foo=bar',
    ]);
    const withNodeSelector = {
      ...ds,
      spec: { ...ds.spec, template: { spec: { ...podSpec, nodeSelector: { 'kubernetes.io/os': 'linux' } } } },
    };
    assert.equal(cellsFor('apps', 'daemonsets', withNodeSelector, now)[6], 'kubernetes.io/os=linux');
  });
  it('controllerrevisions: CONTROLLER as kind.group/name', () => {
    const owned = (apiVersion: string, kind: string) => ({
      metadata: meta('rev', { ownerReferences: [{ apiVersion, kind, name: 'foo', uid: 'u', controller: true }] }),
      revision: 1,
    });
    assert.deepEqual(cellsFor('apps', 'controllerrevisions', owned('apps/v1', 'DaemonSet'), now), [
      'rev',
      'daemonset.apps/foo',
      1,
      '2m',
    ]);
    assert.equal(cellsFor('apps', 'controllerrevisions', owned('v1', 'Pod'), now)[1], 'pod/foo');
    assert.equal(cellsFor('apps', 'controllerrevisions', { metadata: meta('r'), revision: 2 }, now)[1], '<none>');
  });
});

describe('batch', () => {
  it('jobs: STATUS, COMPLETIONS, DURATION', () => {
    const job = {
      metadata: meta('job1'),
      spec: {
        completions: 2,
        template: { spec: podSpec },
        selector: { matchLabels: { 'job-label': 'job-label-value' } },
      },
      status: { succeeded: 1 },
    };
    assert.deepEqual(cellsFor('batch', 'jobs', job, now), [
      'job1',
      'Running',
      '1/2',
      '',
      '2m',
      'fake-container1,fake-container2',
      'fake-image1,fake-image2',
      'job-label=job-label-value',
    ]);
    const done = {
      metadata: meta('job3'),
      spec: {},
      status: {
        startTime: ago(40 * M),
        completionTime: ago(10 * M),
        conditions: [{ type: 'Complete', status: 'True' }],
      },
    };
    assert.deepEqual(cellsFor('batch', 'jobs', done, now).slice(1, 4), ['Complete', '0/1', '30m']);
    const running = { metadata: meta('job4'), spec: { parallelism: 3 }, status: { startTime: ago(20 * M) } };
    assert.deepEqual(cellsFor('batch', 'jobs', running, now).slice(1, 4), ['Running', '0/1 of 3', '20m']);
    const status = (conditions: object[], extra: object = {}) =>
      cellsFor('batch', 'jobs', { metadata: meta('j', extra), spec: {}, status: { conditions } }, now)[1];
    assert.equal(status([{ type: 'Failed', status: 'True' }]), 'Failed');
    assert.equal(status([{ type: 'Suspended', status: 'True' }]), 'Suspended');
    assert.equal(status([{ type: 'FailureTarget', status: 'True' }]), 'FailureTarget');
    assert.equal(status([{ type: 'Suspended', status: 'True' }], { deletionTimestamp: ago(S) }), 'Terminating');
    assert.equal(status([{ type: 'Complete', status: 'False' }]), 'Running');
    assert.deepEqual(headers('batch', 'jobs'), [
      'Name',
      'Status',
      'Completions',
      'Duration',
      'Age',
      '(Containers)',
      '(Images)',
      '(Selector)',
    ]);
  });
  it('cronjobs: SCHEDULE, TIMEZONE, SUSPEND, ACTIVE, LAST SCHEDULE', () => {
    const cj = {
      metadata: meta('cronjob1'),
      spec: { schedule: '0/5 * * * ?', suspend: false, jobTemplate: { spec: { template: { spec: podSpec } } } },
      status: { lastScheduleTime: ago(30 * S), active: [{ name: 'j' }] },
    };
    assert.deepEqual(cellsFor('batch', 'cronjobs', cj, now), [
      'cronjob1',
      '0/5 * * * ?',
      '<none>',
      'False',
      1,
      '30s',
      '2m',
      'fake-container1,fake-container2',
      'fake-image1,fake-image2',
      '<none>',
    ]);
    const tz = { metadata: meta('c'), spec: { schedule: '@daily', timeZone: 'Asia/Seoul' }, status: {} };
    assert.deepEqual(cellsFor('batch', 'cronjobs', tz, now).slice(2, 6), ['Asia/Seoul', '<unset>', 0, '<none>']);
  });
});

describe('autoscaling', () => {
  const hpa = (metrics: object[], currentMetrics: object[] = [], minReplicas?: number) => ({
    metadata: { name: 'some-hpa' },
    spec: { scaleTargetRef: { kind: 'ReplicationController', name: 'some-rc' }, minReplicas, maxReplicas: 10, metrics },
    status: { currentReplicas: 4, desiredReplicas: 5, currentMetrics },
  });
  const targets = (h: object) => cellsFor('autoscaling', 'horizontalpodautoscalers', h, now)[2];
  const avg = (v: string) => ({ type: 'AverageValue', averageValue: v });
  it('the whole row', () => {
    assert.deepEqual(cellsFor('autoscaling', 'horizontalpodautoscalers', hpa([]), now), [
      'some-hpa',
      'ReplicationController/some-rc',
      '<none>',
      '<unset>',
      10,
      4,
      '<unknown>',
    ]);
    assert.equal(cellsFor('autoscaling', 'horizontalpodautoscalers', hpa([], [], 2), now)[3], '2');
  });
  it('TARGETS for each metric type', () => {
    const ext = { type: 'External', external: { metric: { name: 'q' }, target: avg('100m') } };
    assert.equal(targets(hpa([ext])), '<unknown>/100m (avg)');
    assert.equal(
      targets(
        hpa([ext], [{ type: 'External', external: { metric: { name: 'q' }, current: { averageValue: '50m' } } }]),
      ),
      '50m/100m (avg)',
    );
    const extValue = {
      type: 'External',
      external: { metric: { name: 'q' }, target: { type: 'Value', value: '100m' } },
    };
    assert.equal(targets(hpa([extValue])), '<unknown>/100m');
    const pods = { type: 'Pods', pods: { metric: { name: 'qps' }, target: avg('100m') } };
    assert.equal(targets(hpa([pods])), '<unknown>/100m');
    assert.equal(
      targets(hpa([pods], [{ type: 'Pods', pods: { metric: { name: 'qps' }, current: { averageValue: '50m' } } }])),
      '50m/100m',
    );
    const cpuValue = { type: 'Resource', resource: { name: 'cpu', target: avg('100m') } };
    assert.equal(
      targets(hpa([cpuValue], [{ type: 'Resource', resource: { name: 'cpu', current: { averageValue: '50m' } } }])),
      'cpu: 50m/100m',
    );
    const cpu = {
      type: 'Resource',
      resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 80 } },
    };
    assert.equal(targets(hpa([cpu])), 'cpu: <unknown>/80%');
    assert.equal(
      targets(hpa([cpu], [{ type: 'Resource', resource: { name: 'cpu', current: { averageUtilization: 50 } } }])),
      'cpu: 50%/80%',
    );
    const auto = { type: 'Resource', resource: { name: 'memory', target: { type: 'Utilization' } } };
    assert.equal(targets(hpa([auto])), 'memory: <unknown>/<auto>');
    const ctr = {
      type: 'ContainerResource',
      containerResource: { name: 'cpu', container: 'app', target: { type: 'Utilization', averageUtilization: 60 } },
    };
    assert.equal(targets(hpa([ctr])), 'cpu: <unknown>/60%');
    assert.equal(targets(hpa([{ type: 'Bogus' }])), '<unknown type>');
  });
  it('two metrics, then "+ N more..."', () => {
    const cpu = {
      type: 'Resource',
      resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 80 } },
    };
    assert.equal(targets(hpa([cpu, cpu, cpu, cpu])), 'cpu: <unknown>/80%, cpu: <unknown>/80% + 2 more...');
  });
  it('autoscaling/v1 objects: the CPU target as a Resource metric', () => {
    const v1 = {
      metadata: { name: 'php' },
      spec: {
        scaleTargetRef: { kind: 'Deployment', name: 'php' },
        minReplicas: 1,
        maxReplicas: 10,
        targetCPUUtilizationPercentage: 50,
      },
      status: { currentReplicas: 1, desiredReplicas: 1, currentCPUUtilizationPercentage: 0 },
    };
    assert.deepEqual(cellsFor('autoscaling', 'horizontalpodautoscalers', v1, now), [
      'php',
      'Deployment/php',
      'cpu: 0%/50%',
      '1',
      10,
      1,
      '<unknown>',
    ]);
  });
});

describe('policy', () => {
  it('poddisruptionbudgets: MIN AVAILABLE, MAX UNAVAILABLE, ALLOWED DISRUPTIONS', () => {
    const pdb = { metadata: meta('pdb1'), spec: { minAvailable: 22 }, status: { disruptionsAllowed: 5 } };
    assert.deepEqual(cellsFor('policy', 'poddisruptionbudgets', pdb, now), ['pdb1', '22', 'N/A', 5, '2m']);
    const pct = { metadata: meta('pdb2'), spec: { maxUnavailable: '11%' }, status: {} };
    assert.deepEqual(cellsFor('policy', 'poddisruptionbudgets', pct, now), ['pdb2', 'N/A', '11%', 0, '2m']);
  });
});
