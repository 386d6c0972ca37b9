import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ContainerPort, Pod } from 'kubernetes-types/core/v1.js';
import { ActionType, CycleState } from '../../framework/interface.js';
import { NodeInfo } from '../../framework/node-info.js';
import { Code } from '../../framework/status.js';
import { fakeHandle, makeNode, makePod, nodeInfo } from '../../framework/testing.js';
import { ERR_REASON, NAME, NodePorts, factory, fits, isSchedulableAfterPodDeleted } from './index.js';

/** Upstream's newPod: `PROTOCOL/hostIP/hostPort` strings become one container's ports. */
function newPod(nodeName: string, ...portInfos: string[]): Pod {
  const ports: ContainerPort[] = portInfos.map((info) => {
    const [protocol, hostIP, port] = info.split('/');
    return { containerPort: Number(port), hostIP, hostPort: Number(port), protocol };
  });
  return makePod(`pod-${portInfos.join('-')}`, { nodeName, containers: [{ name: 'c', image: 'i', ports }] });
}

const onNode = (...existing: Pod[]) => nodeInfo(makeNode('m1'), ...existing);

// Ported from upstream's TestNodePorts.
const cases: { name: string; pod: Pod; nodeInfo: NodeInfo; wantPreFilter?: Code; wantFilter?: boolean }[] = [
  { name: 'skip filter', pod: makePod('p'), nodeInfo: new NodeInfo(), wantPreFilter: Code.Skip },
  { name: 'other port', pod: newPod('m1', 'UDP/127.0.0.1/8080'), nodeInfo: onNode(newPod('m1', 'UDP/127.0.0.1/9090')) },
  {
    name: 'same udp port',
    pod: newPod('m1', 'UDP/127.0.0.1/8080'),
    nodeInfo: onNode(newPod('m1', 'UDP/127.0.0.1/8080')),
    wantFilter: true,
  },
  {
    name: 'same tcp port',
    pod: newPod('m1', 'TCP/127.0.0.1/8080'),
    nodeInfo: onNode(newPod('m1', 'TCP/127.0.0.1/8080')),
    wantFilter: true,
  },
  {
    name: 'different host ip',
    pod: newPod('m1', 'TCP/127.0.0.1/8080'),
    nodeInfo: onNode(newPod('m1', 'TCP/127.0.0.2/8080')),
  },
  {
    name: 'different protocol',
    pod: newPod('m1', 'UDP/127.0.0.1/8080'),
    nodeInfo: onNode(newPod('m1', 'TCP/127.0.0.1/8080')),
  },
  {
    name: 'second udp port conflict',
    pod: newPod('m1', 'UDP/127.0.0.1/8000', 'UDP/127.0.0.1/8080'),
    nodeInfo: onNode(newPod('m1', 'UDP/127.0.0.1/8080')),
    wantFilter: true,
  },
  {
    name: 'first tcp port conflict',
    pod: newPod('m1', 'TCP/127.0.0.1/8001', 'UDP/127.0.0.1/8080'),
    nodeInfo: onNode(newPod('m1', 'TCP/127.0.0.1/8001', 'UDP/127.0.0.1/8081')),
    wantFilter: true,
  },
  {
    name: 'first tcp port conflict due to 0.0.0.0 hostIP',
    pod: newPod('m1', 'TCP/0.0.0.0/8001'),
    nodeInfo: onNode(newPod('m1', 'TCP/127.0.0.1/8001')),
    wantFilter: true,
  },
  {
    name: 'TCP hostPort conflict due to 0.0.0.0 hostIP',
    pod: newPod('m1', 'TCP/10.0.10.10/8001', 'TCP/0.0.0.0/8001'),
    nodeInfo: onNode(newPod('m1', 'TCP/127.0.0.1/8001')),
    wantFilter: true,
  },
  {
    name: 'second tcp port conflict to 0.0.0.0 hostIP',
    pod: newPod('m1', 'TCP/127.0.0.1/8001'),
    nodeInfo: onNode(newPod('m1', 'TCP/0.0.0.0/8001')),
    wantFilter: true,
  },
  {
    name: 'second different protocol',
    pod: newPod('m1', 'UDP/127.0.0.1/8001'),
    nodeInfo: onNode(newPod('m1', 'TCP/0.0.0.0/8001')),
  },
  {
    name: 'UDP hostPort conflict due to 0.0.0.0 hostIP',
    pod: newPod('m1', 'UDP/127.0.0.1/8001'),
    nodeInfo: onNode(newPod('m1', 'TCP/0.0.0.0/8001', 'UDP/0.0.0.0/8001')),
    wantFilter: true,
  },
];

for (const c of cases) {
  test(`NodePorts: ${c.name}`, () => {
    const pl = new NodePorts();
    const state = new CycleState();
    const pre = pl.preFilter(state, c.pod);
    assert.equal(pre?.status?.code, c.wantPreFilter);
    assert.equal(pre?.result, undefined);
    if (c.wantPreFilter === Code.Skip) return;
    const s = pl.filter(state, c.pod, c.nodeInfo);
    const want = c.wantFilter ? { code: Code.Unschedulable, reasons: [ERR_REASON] } : undefined;
    assert.deepEqual(s && { code: s.code, reasons: [...s.reasons] }, want);
    assert.equal(fits(c.pod, c.nodeInfo), !c.wantFilter);
  });
}

test('NodePorts filter without PreFilter is an Error (upstream TestPreFilterDisabled)', () => {
  const s = new NodePorts().filter(new CycleState(), makePod('p'), nodeInfo(makeNode('n')));
  assert.equal(s?.code, Code.Error);
});

test('NodePorts ignores container ports without a host port', () => {
  const pod = makePod('p', { containers: [{ name: 'c', image: 'i', ports: [{ containerPort: 8005 }] }] });
  assert.equal(new NodePorts().preFilter(new CycleState(), pod)?.status?.code, Code.Skip);
});

// Ported from upstream's Test_isSchedulableAfterPodDeleted.
const hostPort = (port: number, nodeName?: string) =>
  makePod(`hp-${port}`, {
    nodeName,
    containers: [{ name: 'c', image: 'i', ports: [{ containerPort: port, hostPort: port }] }],
  });
const hintCases: { name: string; oldObj: unknown; want: string }[] = [
  { name: 'backoff-wrong-old-object', oldObj: 'not-a-pod', want: 'Queue' },
  { name: 'skip-queue-on-unscheduled', oldObj: makePod('x'), want: 'QueueSkip' },
  { name: 'skip-queue-on-non-hostport', oldObj: makePod('x', { nodeName: 'fake-node' }), want: 'QueueSkip' },
  { name: 'skip-queue-on-unrelated-hostport', oldObj: hostPort(8081, 'fake-node'), want: 'QueueSkip' },
  { name: 'queue-on-released-hostport', oldObj: hostPort(8080, 'fake-node'), want: 'Queue' },
];

for (const c of hintCases) {
  test(`NodePorts pod-deleted hint: ${c.name}`, () => {
    assert.equal(isSchedulableAfterPodDeleted(hostPort(8080), c.oldObj), c.want);
  });
}

test('NodePorts registers pod delete (hinted) and node add', () => {
  const pl = factory(undefined, fakeHandle([])) as NodePorts;
  assert.equal(pl.name, NAME);
  assert.equal(pl.preFilterExtensions(), undefined);
  assert.deepEqual(
    pl.eventsToRegister().map((e) => [e.event, !!e.hint]),
    [
      [{ resource: 'Pod', actionType: ActionType.Delete }, true],
      [{ resource: 'Node', actionType: ActionType.Add }, false],
    ],
  );
});
