import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Node, Pod } from 'kubernetes-types/core/v1.js';
import { CycleState } from '../../framework/interface.js';
import { Code } from '../../framework/status.js';
import {
  ERR_REASON_AFFINITY_RULES_NOT_MATCH as AFFINITY,
  ERR_REASON_ANTI_AFFINITY_RULES_NOT_MATCH as ANTI,
  ERR_REASON_EXISTING_ANTI_AFFINITY_RULES_NOT_MATCH as EXISTING,
  PRE_FILTER_STATE_KEY,
} from './index.js';
import { namespace, node, pod, runFilter, setup, SKIP as skip, term, unresolvable, unschedulable } from './testing.js';

// Upstream's TestRequiredAffinityMultipleNodes.
const chinaA = node('nodeA', { region: 'China' });
const chinaAz1 = node('nodeB', { region: 'China', az: 'az1' });
const india = node('nodeC', { region: 'India' });
const rz = (name: string, zone: string) => node(name, { region: 'r1', zone, hostname: name });

const multiNode: { name: string; pod: Pod; pods: Pod[]; nodes: Node[]; pre?: object; want?: (object | undefined)[] }[] =
  [
    {
      name: 'nodes sharing the topology value of a matching pod all fit',
      pod: pod({ affinity: [term('foo', 'In', ['bar'], 'region')] }),
      pods: [pod({ node: 'nodeA', labels: { foo: 'bar' } })],
      nodes: [chinaA, chinaAz1, india],
      want: [undefined, undefined, unresolvable(AFFINITY)],
    },
    {
      name: 'the first pod of a collection is not blocked',
      pod: pod({
        labels: { foo: 'bar', service: 'securityscan' },
        affinity: [term('foo', 'In', ['bar'], 'zone'), term('service', 'In', ['securityscan'], 'zone')],
      }),
      pods: [pod({ node: 'nodeA', labels: { foo: 'bar' } })],
      nodes: [node('nodeA', { zone: 'az1', hostname: 'h1' }), node('nodeB', { zone: 'az2', hostname: 'h2' })],
      want: [undefined, undefined],
    },
    {
      name: 'the first pod of a collection still needs the topology keys',
      pod: pod({
        labels: { foo: 'bar', service: 'securityscan' },
        affinity: [term('foo', 'In', ['bar'], 'zone'), term('service', 'In', ['securityscan'], 'zone')],
      }),
      pods: [pod({ node: 'nodeA', labels: { foo: 'bar' } })],
      nodes: [node('nodeA', { zoneLabel: 'az1', hostname: 'h1' }), node('nodeB', { zoneLabel: 'az2', hostname: 'h2' })],
      want: [unresolvable(AFFINITY), unresolvable(AFFINITY)],
    },
    {
      name: 'anti-affinity spans the whole topology domain',
      pod: pod({ antiAffinity: [term('foo', 'In', ['abc'], 'region')] }),
      pods: [pod({ node: 'nodeA', labels: { foo: 'abc' } })],
      nodes: [node('nodeA', { region: 'r1', hostname: 'nodeA' }), node('nodeB', { region: 'r1', hostname: 'nodeB' })],
      want: [unschedulable(ANTI), unschedulable(ANTI)],
    },
    {
      name: 'anti-affinity in another namespace does not count',
      pod: pod({ namespace: 'NS1', labels: { foo: '123' }, antiAffinity: [term('foo', 'In', ['bar'], 'region')] }),
      pods: [
        pod({ node: 'nodeA', namespace: 'NS1', labels: { foo: 'bar' } }),
        pod({ node: 'nodeC', namespace: 'NS2', antiAffinity: [term('foo', 'In', ['123'], 'region')] }),
      ],
      nodes: [chinaA, chinaAz1, india],
      want: [unschedulable(ANTI), unschedulable(ANTI), undefined],
    },
    {
      name: "an existing pod's term with a missing topology key counts nowhere",
      pod: pod({ labels: { foo: '' } }),
      pods: [pod({ node: 'nodeA', antiAffinity: [term('foo', 'Exists', undefined, 'invalid-node-label')] })],
      nodes: [rz('nodeA', 'z1'), rz('nodeB', 'z1')],
      pre: skip,
    },
    {
      name: "the incoming pod's term with a missing topology key rejects nothing",
      pod: pod({ node: 'nodeA', antiAffinity: [term('foo', 'Exists', undefined, 'invalid-node-label')] }),
      pods: [pod({ node: 'nodeA', labels: { foo: '' } })],
      nodes: [rz('nodeA', 'z1'), rz('nodeB', 'z1')],
      want: [undefined, undefined],
    },
    {
      name: "existing pods' terms on every node reject the pod everywhere",
      pod: pod({ labels: { foo: '', bar: '' } }),
      pods: [
        pod({ node: 'nodeA', antiAffinity: [term('foo', 'Exists', undefined, 'zone')] }),
        pod({ node: 'nodeA', antiAffinity: [term('bar', 'Exists', undefined, 'region')] }),
      ],
      nodes: [rz('nodeA', 'z1'), rz('nodeB', 'z2')],
      want: [unschedulable(EXISTING), unschedulable(EXISTING)],
    },
    {
      name: "existing pods' terms: only labelSelector and topologyKey together count",
      pod: pod({ labels: { foo: '', bar: '' } }),
      pods: [
        pod({
          node: 'nodeA',
          antiAffinity: [
            term('foo', 'Exists', undefined, 'invalid-node-label'),
            term('bar', 'Exists', undefined, 'zone'),
          ],
        }),
      ],
      nodes: [rz('nodeA', 'z1'), rz('nodeB', 'z2')],
      want: [unschedulable(EXISTING), undefined],
    },
    {
      name: 'existing pods on nodeA and nodeB leave only nodeC',
      pod: pod({ labels: { foo: '', bar: '' } }),
      pods: [
        pod({
          node: 'nodeA',
          antiAffinity: [term('foo', 'Exists', undefined, 'zone'), term('labelA', 'Exists', undefined, 'zone')],
        }),
        pod({
          node: 'nodeB',
          antiAffinity: [term('bar', 'Exists', undefined, 'zone'), term('labelB', 'Exists', undefined, 'zone')],
        }),
      ],
      nodes: [rz('nodeA', 'z1'), rz('nodeB', 'z2'), rz('nodeC', 'z3')],
      want: [unschedulable(EXISTING), unschedulable(EXISTING), undefined],
    },
    {
      name: 'all affinity terms must be matched by one pod',
      pod: pod({ affinity: [term('foo', 'Exists', undefined, 'region'), term('bar', 'Exists', undefined, 'zone')] }),
      pods: [pod({ node: 'nodeA', labels: { foo: '' } }), pod({ node: 'nodeB', labels: { bar: '' } })],
      nodes: [rz('nodeA', 'z1'), rz('nodeB', 'z2')],
      want: [unresolvable(AFFINITY), unresolvable(AFFINITY)],
    },
    {
      name: 'one pod matching all affinity terms lets in its domains',
      pod: pod({ affinity: [term('foo', 'Exists', undefined, 'region'), term('bar', 'Exists', undefined, 'zone')] }),
      pods: [pod({ node: 'nodeA', labels: { foo: '', bar: '' } })],
      nodes: [rz('nodeA', 'z1'), rz('nodeB', 'z1')],
      want: [undefined, undefined],
    },
  ];

for (const tc of multiNode) {
  test(`InterPodAffinity filter, several nodes: ${tc.name}`, () => {
    const got = runFilter(tc.pod, tc.nodes, tc.pods, [namespace('NS1')]);
    if (tc.pre) assert.deepEqual(got, { preFilter: tc.pre });
    else assert.deepEqual(got, { filter: tc.want });
  });
}

test('InterPodAffinity filter without PreFilter state is an error', () => {
  const { pl, infos } = setup([node('node1', { region: 'r1' })], []);
  const s = pl.filter(new CycleState(), pod(), infos[0]);
  assert.deepEqual(s && { code: s.code, reasons: s.reasons }, {
    code: Code.Error,
    reasons: [`error reading "${PRE_FILTER_STATE_KEY}" from cycleState: not found`],
  });
});
