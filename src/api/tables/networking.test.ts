import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { cellsFor, columnsFor } from './index.js';

// The networking.k8s.io tables.

const now = new Date('2024-06-01T12:00:00Z');
const ago = (ms: number) => new Date(now.getTime() - ms).toISOString();
const S = 1000;
const D = 24 * 3600 * S;
const meta = (name: string, extra: object = {}) => ({ name, creationTimestamp: ago(10 * 365 * D), ...extra });
const headers = (group: string, resource: string) =>
  columnsFor(group, resource).map((c) => (c.priority ? `(${c.name})` : c.name));

describe('networking.k8s.io', () => {
  it('ingresses: CLASS, HOSTS, ADDRESS, PORTS', () => {
    const ing = {
      metadata: meta('test1'),
      spec: { ingressClassName: 'foo', defaultBackend: { service: { name: 'default-backend', port: { number: 80 } } } },
      status: { loadBalancer: { ingress: [{ ip: '2.3.4.5', hostname: 'localhost.localdomain' }] } },
    };
    assert.deepEqual(cellsFor('networking.k8s.io', 'ingresses', ing, now), [
      'test1',
      'foo',
      '*',
      '2.3.4.5',
      '80',
      '10y',
    ]);
    const many = {
      metadata: meta('m'),
      spec: { rules: ['a', 'b', '', 'c', 'd', 'e'].map((host) => ({ host })), tls: [{ hosts: ['a'] }] },
    };
    assert.deepEqual(cellsFor('networking.k8s.io', 'ingresses', many, now).slice(1, 5), [
      '<none>',
      'a,b,c + 3 more...',
      '',
      '80, 443',
    ]);
  });
  it('ingressclasses and networkpolicies', () => {
    const params = { kind: 'customgroup', name: 'example', apiGroup: 'example.com' };
    const ic = { metadata: meta('test1'), spec: { controller: 'example.com/controller', parameters: params } };
    assert.deepEqual(cellsFor('networking.k8s.io', 'ingressclasses', ic, now), [
      'test1',
      'example.com/controller',
      'customgroup.example.com/example',
      '10y',
    ]);
    const np = { metadata: meta('deny'), spec: { podSelector: {} } };
    assert.deepEqual(cellsFor('networking.k8s.io', 'networkpolicies', np, now), ['deny', '<none>', '10y']);
  });
  it('ipaddresses carry an age cell past their two columns', () => {
    const ip = {
      metadata: meta('10.96.0.1'),
      spec: { parentRef: { group: '', resource: 'services', namespace: 'default', name: 'kubernetes' } },
    };
    assert.deepEqual(headers('networking.k8s.io', 'ipaddresses'), ['Name', 'ParentRef']);
    assert.deepEqual(cellsFor('networking.k8s.io', 'ipaddresses', ip, now), [
      '10.96.0.1',
      'services/default/kubernetes',
      '10y',
    ]);
  });
});
