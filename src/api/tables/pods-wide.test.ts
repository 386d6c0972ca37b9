import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { ContainerStatus, Pod } from 'kubernetes-types/core/v1.js';
import { cellsFor, columnsFor, rowConditionsFor } from './index.js';

// Upstream's TestPrintPodwide and TestPrintPodConditions cases, and the columns.

const now = new Date('2024-06-01T12:00:00Z');
const ago = (ms: number) => new Date(now.getTime() - ms).toISOString();
const S = 1000;

const containers = (n: number) => Array.from({ length: n }, (_, i) => ({ name: `c${i}` }));
const running = { running: {} };

function pod(name: string, spec: Partial<Pod['spec']> & object, status: Pod['status'], meta: object = {}): Pod {
  return { metadata: { name, ...meta }, spec: { containers: [], ...spec }, status };
}

/** NAME, READY, STATUS, RESTARTS, AGE. */
const row = (p: Pod) => cellsFor('', 'pods', p, now).slice(0, 5);

const cs = (s: Partial<ContainerStatus>): ContainerStatus => s as ContainerStatus;

describe('pod wide columns and row conditions', () => {
  it('IP, NODE, NOMINATED NODE, READINESS GATES', () => {
    const p = pod(
      'test1',
      {
        containers: containers(2),
        nodeName: 'test1',
        readinessGates: [
          { conditionType: 'condition1' },
          { conditionType: 'condition2' },
          { conditionType: 'condition3' },
        ],
      },
      {
        phase: 'podPhase',
        conditions: [
          { type: 'condition1', status: 'False' },
          { type: 'condition2', status: 'True' },
        ],
        podIPs: [{ ip: '1.1.1.1' }, { ip: '2001:db8::' }],
        containerStatuses: [cs({ ready: true, restartCount: 3, state: running }), cs({ restartCount: 3 })],
        nominatedNodeName: 'node1',
      },
    );
    assert.deepEqual(cellsFor('', 'pods', p, now), [
      'test1',
      '1/2',
      'podPhase',
      '6',
      '<unknown>',
      '1.1.1.1',
      'test1',
      'node1',
      '1/3',
    ]);
  });
  it('<none> for each when unset; podIP read when podIPs is absent', () => {
    const p = pod('test2', { containers: containers(2) }, { phase: 'Pending' });
    assert.deepEqual(cellsFor('', 'pods', p, now).slice(5), ['<none>', '<none>', '<none>', '<none>']);
    const q = pod('test3', { containers: containers(1) }, { phase: 'Running', podIP: '10.0.0.3' });
    assert.equal(cellsFor('', 'pods', q, now)[5], '10.0.0.3');
  });
  it('AGE from the creation time', () => {
    const p = pod(
      'aged',
      { containers: containers(1) },
      { phase: 'Running' },
      { creationTimestamp: ago(3 * 3600 * S) },
    );
    assert.equal(row(p)[4], '3h');
  });
  it('Completed row conditions for Succeeded and Failed pods only', () => {
    const mk = (phase: string) => pod('c', { containers: containers(1) }, { phase });
    assert.deepEqual(rowConditionsFor('', 'pods', mk('Succeeded')), [
      { type: 'Completed', status: 'True', reason: 'Succeeded', message: 'The pod has completed successfully.' },
    ]);
    assert.deepEqual(rowConditionsFor('', 'pods', mk('Failed')), [
      { type: 'Completed', status: 'True', reason: 'Failed', message: 'The pod failed.' },
    ]);
    assert.equal(rowConditionsFor('', 'pods', mk('Running')), undefined);
  });
  it('columns as upstream defines them', () => {
    assert.deepEqual(
      columnsFor('', 'pods').map((c) => [c.name, c.type, c.format, c.priority]),
      [
        ['Name', 'string', 'name', 0],
        ['Ready', 'string', '', 0],
        ['Status', 'string', '', 0],
        ['Restarts', 'string', '', 0],
        ['Age', 'string', '', 0],
        ['IP', 'string', '', 1],
        ['Node', 'string', '', 1],
        ['Nominated Node', 'string', '', 1],
        ['Readiness Gates', 'string', '', 1],
      ],
    );
    assert.equal(columnsFor('', 'pods')[4].description.startsWith('CreationTimestamp is a timestamp'), true);
  });
});
