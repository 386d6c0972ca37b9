import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { cellsFor, columnsFor } from './index.js';

// The nodes table, against the cells upstream's printers (1.32) produce for the same objects.

const now = new Date('2024-06-01T12:00:00Z');
const ago = (ms: number) => new Date(now.getTime() - ms).toISOString();
const S = 1000;
const meta = (name: string, extra: object = {}) => ({ name, creationTimestamp: ago(10 * 60 * S), ...extra });
const cells = (resource: string, obj: unknown) => cellsFor('', resource, obj, now);
const headers = (resource: string) => columnsFor('', resource).map((c) => (c.priority ? `(${c.name})` : c.name));

describe('nodes', () => {
  const node = (conditions: object[], extra: object = {}) => ({
    metadata: meta('n'),
    status: { conditions },
    ...extra,
  });
  it('STATUS from the Ready condition, SchedulingDisabled when cordoned', () => {
    assert.equal(cells('nodes', node([{ type: 'Ready', status: 'True' }]))[1], 'Ready');
    assert.equal(cells('nodes', node([{ type: 'Ready', status: 'False' }]))[1], 'NotReady');
    assert.equal(cells('nodes', node([{ type: 'Ready', status: 'Unknown' }]))[1], 'NotReady');
    assert.equal(cells('nodes', node([{ type: 'InvalidValue', status: 'True' }]))[1], 'Unknown');
    assert.equal(cells('nodes', node([]))[1], 'Unknown');
    const cordoned = node([{ type: 'Ready', status: 'True' }], { spec: { unschedulable: true } });
    assert.equal(cells('nodes', cordoned)[1], 'Ready,SchedulingDisabled');
    assert.equal(cells('nodes', node([], { spec: { unschedulable: true } }))[1], 'Unknown,SchedulingDisabled');
  });
  it('ROLES from role labels, sorted; the whole wide row', () => {
    const n = {
      metadata: meta('k8ts-control-plane', {
        labels: {
          'node-role.kubernetes.io/control-plane': '',
          'node-role.kubernetes.io/': '',
          'kubernetes.io/role': 'master',
          'node-role.kubernetes.io/etcd': 'true',
        },
      }),
      status: {
        conditions: [{ type: 'Ready', status: 'True' }],
        addresses: [
          { type: 'Hostname', address: 'cp' },
          { type: 'InternalIP', address: '172.18.0.2' },
        ],
        nodeInfo: {
          kubeletVersion: 'v1.32.3',
          osImage: 'Debian GNU/Linux 12',
          kernelVersion: '6.1.0',
          containerRuntimeVersion: '',
        },
      },
    };
    assert.deepEqual(cells('nodes', n), [
      'k8ts-control-plane',
      'Ready',
      'control-plane,etcd,master',
      '10m',
      'v1.32.3',
      '172.18.0.2',
      '<none>',
      'Debian GNU/Linux 12',
      '6.1.0',
      '<unknown>',
    ]);
    assert.equal(cells('nodes', { metadata: meta('w') })[2], '<none>');
    assert.deepEqual(headers('nodes'), [
      'Name',
      'Status',
      'Roles',
      'Age',
      'Version',
      '(Internal-IP)',
      '(External-IP)',
      '(OS-Image)',
      '(Kernel-Version)',
      '(Container-Runtime)',
    ]);
  });
});
