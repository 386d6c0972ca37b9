import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { ContainerStatus, Pod } from 'kubernetes-types/core/v1.js';
import { cellsFor } from './index.js';

// Upstream's TestPrintPod cases, re-expressed as JSON objects.

const now = new Date('2024-06-01T12:00:00Z');
const ago = (ms: number) => new Date(now.getTime() - ms).toISOString();
const S = 1000;
const D = 24 * 3600 * S;

const containers = (n: number) => Array.from({ length: n }, (_, i) => ({ name: `c${i}` }));
const running = { running: {} };
const restartedAgo = (ms: number) => ({ terminated: { exitCode: 0, finishedAt: ago(ms) } });

function pod(name: string, spec: Partial<Pod['spec']> & object, status: Pod['status'], meta: object = {}): Pod {
  return { metadata: { name, ...meta }, spec: { containers: [], ...spec }, status };
}

/** NAME, READY, STATUS, RESTARTS, AGE. */
const row = (p: Pod) => cellsFor('', 'pods', p, now).slice(0, 5);

const cs = (s: Partial<ContainerStatus>): ContainerStatus => s as ContainerStatus;

describe('pod STATUS, READY and RESTARTS', () => {
  const cases: [string, Pod, unknown[]][] = [
    [
      'phase, ready count and restarts',
      pod(
        'test1',
        { containers: containers(2) },
        {
          phase: 'podPhase',
          containerStatuses: [cs({ ready: true, restartCount: 3, state: running }), cs({ restartCount: 3 })],
        },
      ),
      ['test1', '1/2', 'podPhase', '6', '<unknown>'],
    ],
    [
      'a waiting container overrides the phase',
      pod(
        'test2',
        { containers: containers(2) },
        {
          phase: 'podPhase',
          containerStatuses: [
            cs({ ready: true, restartCount: 3, state: running }),
            cs({ restartCount: 3, state: { waiting: { reason: 'ContainerWaitingReason' } } }),
          ],
        },
      ),
      ['test2', '1/2', 'ContainerWaitingReason', '6', '<unknown>'],
    ],
    [
      'the first container with a reason wins',
      pod(
        'test3',
        { containers: containers(2) },
        {
          phase: 'podPhase',
          containerStatuses: [
            cs({ restartCount: 3, state: { waiting: { reason: 'ContainerWaitingReason' } } }),
            cs({ restartCount: 3, state: { terminated: { exitCode: 0, reason: 'ContainerTerminatedReason' } } }),
          ],
        },
      ),
      ['test3', '0/2', 'ContainerWaitingReason', '6', '<unknown>'],
    ],
    [
      'ready without running is not ready',
      pod(
        'test4',
        { containers: containers(2) },
        {
          phase: 'podPhase',
          containerStatuses: [
            cs({ ready: true, restartCount: 3, state: running }),
            cs({ ready: true, restartCount: 3 }),
          ],
        },
      ),
      ['test4', '1/2', 'podPhase', '6', '<unknown>'],
    ],
    [
      "the pod's reason overrides its phase",
      pod(
        'test5',
        { containers: containers(2) },
        {
          reason: 'podReason',
          phase: 'podPhase',
          containerStatuses: [
            cs({ ready: true, restartCount: 3, state: running }),
            cs({ ready: true, restartCount: 3 }),
          ],
        },
      ),
      ['test5', '1/2', 'podReason', '6', '<unknown>'],
    ],
    [
      'one container completed, one running, no Ready condition: NotReady',
      pod(
        'test6',
        { containers: containers(2) },
        {
          phase: 'Running',
          containerStatuses: [
            cs({ ready: true, restartCount: 3, state: { terminated: { reason: 'Completed', exitCode: 0 } } }),
            cs({ ready: true, restartCount: 3, state: running }),
          ],
        },
      ),
      ['test6', '1/2', 'NotReady', '6', '<unknown>'],
    ],
    [
      'one container completed, one running, Ready: Running',
      pod(
        'test6',
        { containers: containers(2) },
        {
          phase: 'Running',
          conditions: [{ type: 'Ready', status: 'True' }],
          containerStatuses: [
            cs({ ready: true, restartCount: 3, state: { terminated: { reason: 'Completed', exitCode: 0 } } }),
            cs({ ready: true, restartCount: 3, state: running }),
          ],
        },
      ),
      ['test6', '1/2', 'Running', '6', '<unknown>'],
    ],
    [
      'an init container restarting',
      pod(
        'test7',
        { initContainers: containers(1), containers: containers(1) },
        {
          phase: 'podPhase',
          initContainerStatuses: [cs({ restartCount: 3, state: running, lastState: restartedAgo(10 * S) })],
          containerStatuses: [cs({ restartCount: 0, state: { waiting: {} } })],
        },
      ),
      ['test7', '0/1', 'Init:0/1', '3 (10s ago)', '<unknown>'],
    ],
    [
      'two init containers, the first restarting',
      pod(
        'test8',
        { initContainers: containers(2), containers: containers(1) },
        {
          phase: 'podPhase',
          initContainerStatuses: [
            cs({ restartCount: 3, state: running, lastState: restartedAgo(10 * S) }),
            cs({ state: { waiting: {} } }),
          ],
          containerStatuses: [cs({ state: { waiting: {} } })],
        },
      ),
      ['test8', '0/1', 'Init:0/2', '3 (10s ago)', '<unknown>'],
    ],
    [
      'two init containers, the first done, the second restarting',
      pod(
        'test9',
        { initContainers: containers(2), containers: containers(1) },
        {
          phase: 'podPhase',
          initContainerStatuses: [
            cs({ state: { terminated: { exitCode: 0 } } }),
            cs({ restartCount: 3, state: running, lastState: restartedAgo(10 * S) }),
          ],
          containerStatuses: [cs({ state: { waiting: {} } })],
        },
      ),
      ['test9', '0/1', 'Init:1/2', '3 (10s ago)', '<unknown>'],
    ],
    [
      'restarts of every init container add up while initializing',
      pod(
        'test10',
        { initContainers: containers(2), containers: containers(1) },
        {
          phase: 'podPhase',
          initContainerStatuses: [
            cs({ restartCount: 2, state: { terminated: { exitCode: 0 } }, lastState: restartedAgo(2 * 60 * S) }),
            cs({ restartCount: 3, state: running, lastState: restartedAgo(10 * S) }),
          ],
          containerStatuses: [cs({ state: { waiting: {} } })],
        },
      ),
      ['test10', '0/1', 'Init:1/2', '5 (10s ago)', '<unknown>'],
    ],
    [
      'once initialized, only the containers restarts count',
      pod(
        'test11',
        { initContainers: containers(1), containers: containers(1) },
        {
          phase: 'Running',
          initContainerStatuses: [
            cs({ restartCount: 2, state: { terminated: { exitCode: 0 } }, lastState: restartedAgo(2 * 60 * S) }),
          ],
          containerStatuses: [cs({ restartCount: 4, state: running, lastState: restartedAgo(20 * S) })],
        },
      ),
      ['test11', '0/1', 'Running', '4 (20s ago)', '<unknown>'],
    ],
    [
      'restarted five days ago',
      pod(
        'test12',
        { containers: containers(1) },
        {
          phase: 'Running',
          containerStatuses: [cs({ ready: true, restartCount: 3, state: running, lastState: restartedAgo(5 * D) })],
        },
      ),
      ['test12', '1/1', 'Running', '3 (5d ago)', '<unknown>'],
    ],
    [
      'one container never restarted, the other ten days ago',
      pod(
        'test13',
        { containers: containers(2) },
        {
          phase: 'Running',
          containerStatuses: [
            cs({ ready: true, restartCount: 0, state: running }),
            cs({ ready: true, restartCount: 3, state: running, lastState: restartedAgo(10 * D) }),
          ],
        },
      ),
      ['test13', '2/2', 'Running', '3 (10d ago)', '<unknown>'],
    ],
    [
      'the latest restart is shown',
      pod(
        'test14',
        { containers: containers(2) },
        {
          phase: 'Running',
          containerStatuses: [
            cs({ ready: true, restartCount: 6, state: running, lastState: restartedAgo(5 * D) }),
            cs({ ready: true, restartCount: 3, state: running, lastState: restartedAgo(20 * D) }),
          ],
        },
      ),
      ['test14', '2/2', 'Running', '9 (5d ago)', '<unknown>'],
    ],
    [
      'SchedulingGated',
      pod(
        'test15',
        { containers: containers(2) },
        {
          phase: 'podPhase',
          conditions: [{ type: 'PodScheduled', status: 'False', reason: 'SchedulingGated' }],
        },
      ),
      ['test15', '0/2', 'SchedulingGated', '0', '<unknown>'],
    ],
    [
      'Completed',
      pod(
        'test16',
        { containers: containers(1) },
        {
          phase: 'Succeeded',
          containerStatuses: [cs({ state: { terminated: { reason: 'Completed', exitCode: 0 } } })],
        },
      ),
      ['test16', '0/1', 'Completed', '0', '<unknown>'],
    ],
    [
      'Error',
      pod(
        'test17',
        { containers: containers(1) },
        {
          phase: 'Failed',
          containerStatuses: [cs({ state: { terminated: { reason: 'Error', exitCode: 1 } } })],
        },
      ),
      ['test17', '0/1', 'Error', '0', '<unknown>'],
    ],
    [
      'a finished pod being deleted is not Terminating',
      pod(
        'test18',
        { containers: containers(1) },
        {
          phase: 'Succeeded',
          containerStatuses: [cs({ state: { terminated: { reason: 'Completed', exitCode: 0 } } })],
        },
        { deletionTimestamp: ago(10 * S) },
      ),
      ['test18', '0/1', 'Completed', '0', '<unknown>'],
    ],
    [
      'a running pod being deleted is Terminating',
      pod(
        'test19',
        { containers: containers(1) },
        { phase: 'Running', containerStatuses: [cs({ state: running })] },
        { deletionTimestamp: ago(10 * S) },
      ),
      ['test19', '0/1', 'Terminating', '0', '<unknown>'],
    ],
    [
      'a pending pod being deleted is Terminating',
      pod('test20', { containers: containers(1) }, { phase: 'Pending' }, { deletionTimestamp: ago(10 * S) }),
      ['test20', '0/1', 'Terminating', '0', '<unknown>'],
    ],
    [
      'a pod on a lost node being deleted is Unknown',
      pod(
        'lost',
        { containers: containers(1) },
        { phase: 'Running', reason: 'NodeLost' },
        { deletionTimestamp: ago(S) },
      ),
      ['lost', '0/1', 'Unknown', '0', '<unknown>'],
    ],
    [
      'NodeLost without deletion shows the reason',
      pod('lost2', { containers: containers(1) }, { phase: 'Running', reason: 'NodeLost' }),
      ['lost2', '0/1', 'NodeLost', '0', '<unknown>'],
    ],
  ];
  for (const [name, p, want] of cases) it(name, () => assert.deepEqual(row(p), want));
});
