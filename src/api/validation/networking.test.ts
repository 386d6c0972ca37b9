import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { applyDefaults } from '../defaults/index.js';
import { validate, validateUpdate } from './index.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Any = any;
const G = 'networking.k8s.io';
const check = (resource: string, o: Any) => {
  applyDefaults(G, resource, o);
  return validate(G, resource, o).map(String);
};
const backend = { service: { name: 'web', port: { number: 80 } } };

describe('ingresses', () => {
  it('accepts rules with typed paths', () => {
    const ing = {
      metadata: { name: 'i', namespace: 'd' },
      spec: { rules: [{ host: '*.example.com', http: { paths: [{ path: '/', pathType: 'Prefix', backend }] } }] },
    };
    assert.deepEqual(check('ingresses', ing), []);
  });

  it('requires rules or a default backend, path types and backends', () => {
    assert.deepEqual(check('ingresses', { metadata: { name: 'i', namespace: 'd' }, spec: {} }), [
      'spec: Invalid value: []networking.IngressRule(nil): either `defaultBackend` or `rules` must be specified',
    ]);
    const ing = {
      metadata: { name: 'i', namespace: 'd' },
      spec: {
        rules: [
          {
            host: '10.0.0.1',
            http: {
              paths: [
                { path: '/a', backend },
                { path: 'b', pathType: 'Exact', backend: { service: { name: 'Web', port: {} } } },
                { path: '/c//d', pathType: 'Regex', backend: {} },
              ],
            },
          },
        ],
      },
    };
    assert.deepEqual(check('ingresses', ing), [
      'spec.rules[0].host: Invalid value: "10.0.0.1": must be a DNS name, not an IP address',
      'spec.rules[0].http.paths[0].pathType: Required value: pathType must be specified',
      'spec.rules[0].http.paths[1].path: Invalid value: "b": must be an absolute path',
      "spec.rules[0].http.paths[1].backend.service.name: Invalid value: \"Web\": a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')",
      'spec.rules[0].http.paths[1].backend: Required value: port name or number is required',
      'spec.rules[0].http.paths[2].pathType: Unsupported value: "Regex": supported values: "Exact", "ImplementationSpecific", "Prefix"',
      'spec.rules[0].http.paths[2].backend: Invalid value: "": resource or service backend is required',
    ]);
  });
});

describe('ingress classes and network policies', () => {
  it('checks the controller and keeps it on update', () => {
    assert.deepEqual(check('ingressclasses', { metadata: { name: 'nginx' }, spec: { controller: 'nginx' } }), [
      'spec.controller: Invalid value: "nginx": must be a domain-prefixed path (such as "acme.io/foo")',
    ]);
    const old = { metadata: { name: 'nginx', resourceVersion: '1' }, spec: { controller: 'k8s.io/ingress-nginx' } };
    const upd = { metadata: { name: 'nginx', resourceVersion: '1' }, spec: { controller: 'example.com/other' } };
    assert.deepEqual(validateUpdate(G, 'ingressclasses', upd, old).map(String), [
      'spec.controller: Invalid value: "example.com/other": field is immutable',
    ]);
  });

  it('checks network policy ports, peers and types', () => {
    const np = {
      metadata: { name: 'np', namespace: 'd' },
      spec: {
        podSelector: {},
        ingress: [
          {
            ports: [
              { port: 80, endPort: 70 },
              { port: 'http', endPort: 90 },
            ],
            from: [{}, { ipBlock: { cidr: '10.0.0.0/16', except: ['10.1.0.0/24'] }, podSelector: {} }],
          },
        ],
        policyTypes: ['Ingress', 'Other'],
      },
    };
    assert.deepEqual(check('networkpolicies', np), [
      'spec.ingress[0].ports[0].endPort: Invalid value: 80: must be greater than or equal to `port`',
      'spec.ingress[0].ports[1].endPort: Invalid value: 90: may not be specified when `port` is non-numeric',
      'spec.ingress[0].from[0]: Required value: must specify a peer',
      'spec.ingress[0].from[1].ipBlock.except[0]: Invalid value: "10.1.0.0/24": must be a strict subset of `cidr`',
      'spec.ingress[0].from[1]: Forbidden: may not specify both ipBlock and another peer',
      'spec.policyTypes[1]: Unsupported value: "Other": supported values: "Ingress", "Egress"',
    ]);
  });
});
