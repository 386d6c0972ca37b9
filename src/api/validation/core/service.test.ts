import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { applyDefaults } from '../../defaults/index.js';
import { validate, validateUpdate } from '../index.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Any = any;
const service = (spec: Any, name = 'web'): Any => {
  const s = { metadata: { name, namespace: 'default' }, spec };
  applyDefaults('', 'services', s);
  return s;
};
const errors = (s: Any) => validate('', 'services', s).map(String);

describe('service validation', () => {
  it('accepts a defaulted ClusterIP service', () => {
    assert.deepEqual(errors(service({ ports: [{ port: 80 }], selector: { app: 'web' } })), []);
  });

  it('uses the DNS-1035 name rule', () => {
    assert.deepEqual(errors(service({ ports: [{ port: 80 }] }, '1web')), [
      "metadata.name: Invalid value: \"1web\": a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')",
    ]);
  });

  it('requires ports unless headless or ExternalName', () => {
    assert.deepEqual(errors(service({})), ['spec.ports: Required value']);
    assert.deepEqual(errors(service({ clusterIP: 'None' })), []);
    assert.deepEqual(errors(service({ type: 'ExternalName', externalName: 'db.example.com.' })), []);
    assert.deepEqual(errors(service({ type: 'ExternalName' })), ['spec.externalName: Required value']);
  });

  it('checks ports: range, names when several, duplicates, protocol', () => {
    const errs = errors(
      service({
        ports: [
          { port: 0 },
          { port: 80, name: 'a' },
          { port: 80, name: 'b', protocol: 'TCP' },
          { port: 81, name: 'a', protocol: 'HTTP' },
        ],
      }),
    );
    assert.deepEqual(errs, [
      'spec.ports[0].name: Required value',
      'spec.ports[0].port: Invalid value: 0: must be between 1 and 65535, inclusive',
      'spec.ports[0].targetPort: Invalid value: 0: must be between 1 and 65535, inclusive',
      'spec.ports[3].name: Duplicate value: "a"',
      'spec.ports[3].protocol: Unsupported value: "HTTP": supported values: "SCTP", "TCP", "UDP"',
      'spec.ports[2]: Duplicate value: core.ServicePort{Name:"", Protocol:"TCP", AppProtocol:(*string)(nil), Port:80, TargetPort:intstr.IntOrString{Type:0, IntVal:0, StrVal:""}, NodePort:0}',
    ]);
  });

  it('checks the type and type-specific fields', () => {
    assert.deepEqual(errors(service({ type: 'Balanced', ports: [{ port: 80 }] })), [
      'spec.type: Unsupported value: "Balanced": supported values: "ClusterIP", "ExternalName", "LoadBalancer", "NodePort"',
    ]);
    assert.deepEqual(errors(service({ ports: [{ port: 80, nodePort: 30080 }] })), [
      "spec.ports[0].nodePort: Forbidden: may not be used when `type` is 'ClusterIP'",
    ]);
    assert.deepEqual(errors(service({ type: 'NodePort', clusterIP: 'None', ports: [{ port: 80 }] })), [
      'spec.clusterIPs[0]: Invalid value: "None": may not be set to \'None\' for NodePort services',
    ]);
    assert.deepEqual(errors(service({ ports: [{ port: 80 }], loadBalancerSourceRanges: ['10.0.0.0/8'] })), [
      "spec.LoadBalancerSourceRanges: Forbidden: may only be used when `type` is 'LoadBalancer'",
    ]);
  });

  it('checks cluster IPs and session affinity', () => {
    assert.deepEqual(errors(service({ clusterIP: '10.96.0.500', ports: [{ port: 80 }] })), [
      'spec.clusterIPs[0]: Invalid value: "10.96.0.500": must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)',
    ]);
    assert.deepEqual(
      errors(
        service({
          ports: [{ port: 80 }],
          sessionAffinity: 'ClientIP',
          sessionAffinityConfig: { clientIP: { timeoutSeconds: 0 } },
        }),
      ),
      [
        'spec.sessionAffinityConfig.clientIP.timeoutSeconds: Invalid value: 0: must be greater than 0 and less than 86400',
      ],
    );
  });

  it('keeps cluster IPs on update', () => {
    const old = service({ clusterIP: '10.96.0.10', ports: [{ port: 80 }] });
    old.metadata.resourceVersion = '3';
    const upd = structuredClone(old);
    upd.spec.clusterIP = '10.96.0.11';
    upd.spec.clusterIPs = ['10.96.0.11'];
    assert.deepEqual(validateUpdate('', 'services', upd, old).map(String), [
      'spec.clusterIPs[0]: Invalid value: []string{"10.96.0.11"}: may not change once set',
    ]);
    const ok = structuredClone(old);
    ok.spec.ports[0].port = 81;
    ok.spec.ports[0].targetPort = 81;
    assert.deepEqual(validateUpdate('', 'services', ok, old).map(String), []);
  });
});
