import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { ContainerStatus, Pod } from 'kubernetes-types/core/v1.js';
import { cellsFor } from './index.js';

// Init containers and sidecars: upstream's TestPrintPodWithRestartableInitContainer cases, and
// the other init and container reasons, re-expressed as JSON objects.

const now = new Date('2024-06-01T12:00:00Z');
const ago = (ms: number) => new Date(now.getTime() - ms).toISOString();
const S = 1000;

const containers = (n: number) => Array.from({ length: n }, (_, i) => ({ name: `c${i}` }));
const running = { running: {} };
const restartedAgo = (ms: number) => ({ terminated: { exitCode: 0, finishedAt: ago(ms) } });

function pod(name: string, spec: Partial<Pod['spec']> & object, status: Pod['status'], meta: object = {}): Pod {
  return { metadata: { name, ...meta }, spec: { containers: [], ...spec }, status };
}

/** NAME, READY, STATUS, RESTARTS, AGE. */
const row = (p: Pod) => cellsFor('', 'pods', p, now).slice(0, 5);

const cs = (s: Partial<ContainerStatus>): ContainerStatus => s as ContainerStatus;

describe('pod STATUS, more reasons', () => {
  const cases: [string, Pod, string][] = [
    [
      'ContainerCreating',
      pod(
        'p',
        { containers: containers(1) },
        {
          phase: 'Pending',
          containerStatuses: [cs({ state: { waiting: { reason: 'ContainerCreating' } } })],
        },
      ),
      'ContainerCreating',
    ],
    [
      'CrashLoopBackOff',
      pod(
        'p',
        { containers: containers(1) },
        {
          phase: 'Running',
          containerStatuses: [cs({ restartCount: 5, state: { waiting: { reason: 'CrashLoopBackOff' } } })],
        },
      ),
      'CrashLoopBackOff',
    ],
    ['Pending, no statuses', pod('p', { containers: containers(1) }, { phase: 'Pending' }), 'Pending'],
    [
      'Init:Error',
      pod(
        'p',
        { initContainers: containers(1), containers: containers(1) },
        {
          phase: 'Pending',
          initContainerStatuses: [cs({ state: { terminated: { exitCode: 1, reason: 'Error' } } })],
        },
      ),
      'Init:Error',
    ],
    [
      'Init:CrashLoopBackOff',
      pod(
        'p',
        { initContainers: containers(1), containers: containers(1) },
        {
          phase: 'Pending',
          initContainerStatuses: [cs({ restartCount: 4, state: { waiting: { reason: 'CrashLoopBackOff' } } })],
        },
      ),
      'Init:CrashLoopBackOff',
    ],
    [
      'Init:ExitCode without a reason',
      pod(
        'p',
        { initContainers: containers(1), containers: containers(1) },
        {
          phase: 'Pending',
          initContainerStatuses: [cs({ state: { terminated: { exitCode: 3 } } })],
        },
      ),
      'Init:ExitCode:3',
    ],
    [
      'Init:Signal without a reason',
      pod(
        'p',
        { initContainers: containers(1), containers: containers(1) },
        {
          phase: 'Pending',
          initContainerStatuses: [cs({ state: { terminated: { exitCode: 137, signal: 9 } } })],
        },
      ),
      'Init:Signal:9',
    ],
    [
      'a PodInitializing wait is Init:i/n',
      pod(
        'p',
        { initContainers: containers(2), containers: containers(1) },
        {
          phase: 'Pending',
          initContainerStatuses: [
            cs({ state: { terminated: { exitCode: 0, reason: 'Completed' } } }),
            cs({ state: { waiting: { reason: 'PodInitializing' } } }),
          ],
        },
      ),
      'Init:1/2',
    ],
    [
      'PodInitializing, once init containers are done',
      pod(
        'p',
        { initContainers: containers(1), containers: containers(1) },
        {
          phase: 'Pending',
          initContainerStatuses: [cs({ state: { terminated: { exitCode: 0, reason: 'Completed' } } })],
          containerStatuses: [cs({ state: { waiting: { reason: 'PodInitializing' } } })],
        },
      ),
      'PodInitializing',
    ],
    [
      'ExitCode and Signal of a container without a reason',
      pod(
        'p',
        { containers: containers(2) },
        {
          phase: 'Running',
          containerStatuses: [
            cs({ state: { terminated: { exitCode: 2 } } }),
            cs({ state: { terminated: { exitCode: 0, signal: 15 } } }),
          ],
        },
      ),
      'ExitCode:2',
    ],
  ];
  for (const [name, p, want] of cases) it(name, () => assert.equal(row(p)[2], want));
});

describe('pods with sidecars (restartable init containers)', () => {
  const sidecars = [
    { name: 'restartable-init-1', restartPolicy: 'Always' },
    { name: 'restartable-init-2', restartPolicy: 'Always' },
  ];
  const cases: [string, Pod, unknown[]][] = [
    [
      'the first sidecar running but not started',
      pod(
        'test1',
        { initContainers: sidecars, containers: containers(1) },
        {
          phase: 'Pending',
          initContainerStatuses: [
            cs({
              name: 'restartable-init-1',
              restartCount: 3,
              state: running,
              started: false,
              lastState: restartedAgo(10 * S),
            }),
            cs({ name: 'restartable-init-2', state: { waiting: {} }, started: false }),
          ],
          containerStatuses: [cs({ restartCount: 0, state: { waiting: {} } })],
          conditions: [{ type: 'Initialized', status: 'False' }],
        },
      ),
      ['test1', '0/3', 'Init:0/2', '3 (10s ago)', '<unknown>'],
    ],
    [
      'the first sidecar started, the second not yet',
      pod(
        'test1',
        { initContainers: sidecars, containers: containers(1) },
        {
          phase: 'Pending',
          initContainerStatuses: [
            cs({
              name: 'restartable-init-1',
              restartCount: 3,
              state: running,
              started: true,
              lastState: restartedAgo(10 * S),
            }),
            cs({ name: 'restartable-init-2', state: running, started: false }),
          ],
          containerStatuses: [cs({ restartCount: 0, state: { waiting: {} } })],
          conditions: [{ type: 'Initialized', status: 'False' }],
        },
      ),
      ['test1', '0/3', 'Init:1/2', '3 (10s ago)', '<unknown>'],
    ],
    [
      'both sidecars started and the container running: sidecar restarts still count',
      pod(
        'test2',
        { initContainers: sidecars, containers: containers(1) },
        {
          phase: 'Running',
          initContainerStatuses: [
            cs({
              name: 'restartable-init-1',
              restartCount: 3,
              state: running,
              started: true,
              lastState: restartedAgo(10 * S),
            }),
            cs({ name: 'restartable-init-2', state: running, started: true }),
          ],
          containerStatuses: [cs({ ready: true, restartCount: 4, state: running, lastState: restartedAgo(20 * S) })],
          conditions: [{ type: 'Initialized', status: 'True' }],
        },
      ),
      ['test2', '1/3', 'Running', '7 (10s ago)', '<unknown>'],
    ],
    [
      'sidecars killed after the main container completed',
      pod(
        'test3',
        { initContainers: sidecars, containers: containers(1) },
        {
          phase: 'Succeeded',
          initContainerStatuses: [
            cs({
              name: 'restartable-init-1',
              restartCount: 3,
              state: { terminated: { reason: 'Error', exitCode: 137 } },
              started: false,
              lastState: restartedAgo(10 * S),
            }),
            cs({
              name: 'restartable-init-2',
              state: { terminated: { reason: 'Error', exitCode: 137 } },
              started: false,
            }),
          ],
          containerStatuses: [
            cs({
              restartCount: 4,
              state: { terminated: { reason: 'Completed', exitCode: 0 } },
              lastState: restartedAgo(20 * S),
            }),
          ],
          conditions: [{ type: 'Initialized', status: 'True' }],
        },
      ),
      ['test3', '0/3', 'Completed', '7 (10s ago)', '<unknown>'],
    ],
    [
      'statuses of containers the spec does not name',
      pod(
        'test4',
        {
          initContainers: [
            { name: 'init1', image: 'initimage' },
            { name: 'sidecar1', image: 'sidecarimage', restartPolicy: 'Always' },
          ],
          containers: [{ name: 'container1', image: 'containerimage' }],
        },
        {
          phase: 'Running',
          initContainerStatuses: [cs({ name: 'initinvalid' }), cs({ name: 'init1' }), cs({ name: 'sidecar1' })],
          containerStatuses: [cs({ name: 'containerinvalid' }), cs({ name: 'container1' })],
        },
      ),
      ['test4', '0/2', 'Init:0/2', '0', '<unknown>'],
    ],
  ];
  for (const [name, p, want] of cases) it(name, () => assert.deepEqual(row(p), want));
});
