import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Namespace, Pod } from 'kubernetes-types/core/v1.js';
import {
  ERR_REASON_AFFINITY_RULES_NOT_MATCH as AFFINITY,
  ERR_REASON_ANTI_AFFINITY_RULES_NOT_MATCH as ANTI,
  ERR_REASON_EXISTING_ANTI_AFFINITY_RULES_NOT_MATCH as EXISTING,
} from './index.js';
import { exprs, namespace, node, pod, runFilter, SKIP as skip, term, unresolvable, unschedulable } from './testing.js';

const NAMESPACES: Namespace[] = [
  namespace('subteam1.team1', { team: 'team1' }),
  namespace('subteam2.team1', { team: 'team1' }),
  namespace('subteam1.team2', { team: 'team2' }),
  namespace('subteam2.team2', { team: 'team2' }),
];

// Upstream's TestRequiredAffinitySingleNode.
const podLabel = { service: 'securityscan' };
const podLabel2 = { security: 'S1' };
const node1 = node('node1', { region: 'r1', zone: 'z11' });
const existing = pod({ labels: podLabel, node: 'node1' });
const teamSelector = exprs(['team', 'In', ['team1']]);

const singleNode: { name: string; pod: Pod; pods?: Pod[]; pre?: object; want?: object }[] = [
  {
    name: 'a pod without required pod affinity rules is skipped',
    pod: pod(),
    pre: skip,
  },
  {
    name: 'In operator matching the existing pod',
    pod: pod({ labels: podLabel2, affinity: [term('service', 'In', ['securityscan', 'value2'], 'region')] }),
    pods: [existing],
  },
  {
    name: 'NotIn operator not excluding the existing pod',
    pod: pod({ labels: podLabel2, affinity: [term('service', 'NotIn', ['securityscan3', 'value3'], 'region')] }),
    pods: [existing],
  },
  {
    name: 'a different namespace does not satisfy affinity',
    pod: pod({
      labels: podLabel2,
      affinity: [
        {
          labelSelector: exprs(['service', 'In', ['securityscan', 'value2']]),
          namespaces: ['DiffNameSpace'],
          topologyKey: '',
        },
      ],
    }),
    pods: [pod({ namespace: 'ns', labels: podLabel, node: 'node1' })],
    want: unresolvable(AFFINITY),
  },
  {
    name: 'a labelSelector not matching the existing pod',
    pod: pod({ labels: podLabel, affinity: [term('service', 'In', ['antivirusscan', 'value2'], '')] }),
    pods: [existing],
    want: unresolvable(AFFINITY),
  },
  {
    name: 'several terms with different operators all match',
    pod: pod({
      labels: podLabel2,
      affinity: [
        { labelSelector: exprs(['service', 'Exists'], ['wrongkey', 'DoesNotExist']), topologyKey: 'region' },
        {
          labelSelector: exprs(['service', 'In', ['securityscan']], ['service', 'NotIn', ['WrongValue']]),
          topologyKey: 'region',
        },
      ],
    }),
    pods: [existing],
  },
  {
    name: 'matchExpressions are ANDed: one not matching fails',
    pod: pod({
      labels: podLabel2,
      affinity: [
        { labelSelector: exprs(['service', 'Exists'], ['wrongkey', 'DoesNotExist']), topologyKey: 'region' },
        {
          labelSelector: exprs(['service', 'In', ['securityscan2']], ['service', 'NotIn', ['WrongValue']]),
          topologyKey: 'region',
        },
      ],
    }),
    pods: [existing],
    want: unresolvable(AFFINITY),
  },
  {
    name: 'affinity and anti-affinity both satisfied',
    pod: pod({
      labels: podLabel2,
      affinity: [term('service', 'In', ['securityscan', 'value2'], 'region')],
      antiAffinity: [term('service', 'In', ['antivirusscan', 'value2'], 'node')],
    }),
    pods: [existing],
  },
  {
    name: "affinity, anti-affinity and the existing pod's anti-affinity satisfied",
    pod: pod({
      labels: podLabel2,
      affinity: [term('service', 'In', ['securityscan', 'value2'], 'region')],
      antiAffinity: [term('service', 'In', ['antivirusscan', 'value2'], 'node')],
    }),
    pods: [
      pod({
        node: 'node1',
        labels: podLabel,
        antiAffinity: [term('service', 'In', ['antivirusscan', 'value2'], 'node')],
      }),
    ],
  },
  {
    name: 'affinity satisfied, anti-affinity not',
    pod: pod({
      labels: podLabel2,
      affinity: [term('service', 'In', ['securityscan', 'value2'], 'region')],
      antiAffinity: [term('service', 'In', ['securityscan', 'value2'], 'zone')],
    }),
    pods: [existing],
    want: unschedulable(ANTI),
  },
  {
    name: "the existing pod's anti-affinity rejects the pod",
    pod: pod({
      labels: podLabel,
      affinity: [term('service', 'In', ['securityscan', 'value2'], 'region')],
      antiAffinity: [term('service', 'In', ['antivirusscan', 'value2'], 'node')],
    }),
    pods: [
      pod({
        labels: podLabel,
        node: 'node1',
        antiAffinity: [term('service', 'In', ['securityscan', 'value2'], 'zone')],
      }),
    ],
    want: unschedulable(EXISTING),
  },
  {
    name: 'a pod not matching its own affinity cannot be the first of its group',
    pod: pod({ labels: podLabel, affinity: [term('service', 'NotIn', ['securityscan', 'value2'], 'region')] }),
    want: unresolvable(AFFINITY),
  },
  {
    name: "the existing pod's anti-affinity applies to a pod without terms",
    pod: pod({ labels: podLabel }),
    pods: [
      pod({
        node: 'node1',
        labels: podLabel,
        antiAffinity: [term('service', 'In', ['securityscan', 'value2'], 'zone')],
      }),
    ],
    want: unschedulable(EXISTING),
  },
  {
    name: "an existing pod's anti-affinity not matching: nothing to check",
    pod: pod({ labels: podLabel }),
    pods: [
      pod({
        node: 'node1',
        labels: podLabel,
        antiAffinity: [term('service', 'NotIn', ['securityscan', 'value2'], 'zone')],
      }),
    ],
    pre: skip,
  },
  {
    name: 'symmetry: the incoming anti-affinity matches the existing pod',
    pod: pod({
      labels: podLabel,
      antiAffinity: [term('service', 'Exists', undefined, 'region'), term('security', 'Exists', undefined, 'region')],
    }),
    pods: [pod({ node: 'node1', labels: podLabel2, antiAffinity: [term('security', 'Exists', undefined, 'zone')] })],
    want: unschedulable(ANTI),
  },
  {
    name: 'symmetry a2: only the existing pod matches the incoming pod',
    pod: pod({ labels: podLabel2, antiAffinity: [term('security', 'Exists', undefined, 'zone')] }),
    pods: [
      pod({
        node: 'node1',
        labels: podLabel,
        antiAffinity: [term('service', 'Exists', undefined, 'zone'), term('security', 'Exists', undefined, 'zone')],
      }),
    ],
    want: unschedulable(EXISTING),
  },
  {
    name: 'symmetry b1: both match partially, the incoming check comes first',
    pod: pod({
      labels: { abc: '', xyz: '' },
      antiAffinity: [term('abc', 'Exists', undefined, 'zone'), term('def', 'Exists', undefined, 'zone')],
    }),
    pods: [
      pod({
        node: 'node1',
        labels: { def: '', xyz: '' },
        antiAffinity: [term('abc', 'Exists', undefined, 'zone'), term('def', 'Exists', undefined, 'zone')],
      }),
    ],
    want: unschedulable(ANTI),
  },
  {
    name: 'an invalid affinity label fails PreFilter',
    pod: pod({
      labels: podLabel,
      affinity: [
        term('service', 'In', ['{{.bad-value.}}'], 'region'),
        term('service', 'In', ['antivirusscan', 'value2'], 'node'),
      ],
    }),
    pre: unresolvable(
      `parsing pod: requiredAffinityTerms: values[0][service]: Invalid value: "{{.bad-value.}}": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')`,
    ),
  },
  {
    name: 'affinity with a matching namespaceSelector',
    pod: pod({
      labels: podLabel2,
      affinity: [term('service', 'In', ['securityscan', 'value2'], 'region', { namespaceSelector: teamSelector })],
    }),
    pods: [pod({ node: 'node1', namespace: 'subteam1.team1', labels: podLabel })],
  },
  {
    name: 'affinity with a non-matching namespaceSelector',
    pod: pod({
      labels: podLabel2,
      affinity: [term('service', 'In', ['securityscan', 'value2'], 'region', { namespaceSelector: teamSelector })],
    }),
    pods: [pod({ node: 'node1', namespace: 'subteam1.team2', labels: podLabel })],
    want: unresolvable(AFFINITY),
  },
  {
    name: 'anti-affinity with a matching namespaceSelector',
    pod: pod({
      namespace: 'subteam1.team1',
      labels: podLabel2,
      antiAffinity: [term('service', 'In', ['securityscan', 'value2'], 'zone', { namespaceSelector: teamSelector })],
    }),
    pods: [pod({ node: 'node1', namespace: 'subteam2.team1', labels: podLabel })],
    want: unschedulable(ANTI),
  },
  {
    name: 'anti-affinity with an empty namespaceSelector matches every namespace',
    pod: pod({
      namespace: 'subteam1.team1',
      labels: podLabel2,
      antiAffinity: [term('service', 'In', ['securityscan', 'value2'], 'zone', { namespaceSelector: {} })],
    }),
    pods: [pod({ node: 'node1', namespace: 'subteam2.team1', labels: podLabel })],
    want: unschedulable(ANTI),
  },
  {
    name: 'anti-affinity with a non-matching namespaceSelector',
    pod: pod({
      namespace: 'subteam1.team1',
      labels: podLabel2,
      antiAffinity: [term('service', 'In', ['securityscan', 'value2'], 'zone', { namespaceSelector: teamSelector })],
    }),
    pods: [pod({ node: 'node1', namespace: 'subteam1.team2', labels: podLabel })],
  },
];

for (const tc of singleNode) {
  test(`InterPodAffinity filter, one node: ${tc.name}`, () => {
    const got = runFilter(tc.pod, [node1], tc.pods ?? [], NAMESPACES);
    if (tc.pre) assert.deepEqual(got, { preFilter: tc.pre });
    else assert.deepEqual(got, { filter: [tc.want] });
  });
}
