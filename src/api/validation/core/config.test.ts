import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { applyDefaults } from '../../defaults/index.js';
import { validate, validateUpdate } from '../index.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Any = any;
const check = (resource: string, obj: Any) => {
  applyDefaults('', resource, obj);
  return validate('', resource, obj).map(String);
};
const meta = (name = 'x') => ({ name, namespace: 'default', resourceVersion: '1' });

describe('configmaps and secrets', () => {
  it('checks ConfigMap keys and size', () => {
    assert.deepEqual(
      check('configmaps', { metadata: meta(), data: { 'bad key': 'v', '..x': 'v' }, binaryData: { dup: 'AA==' } }),
      [
        "data[bad key]: Invalid value: \"bad key\": a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')",
        'data[..x]: Invalid value: "..x": must not start with \'..\'',
      ],
    );
    assert.deepEqual(check('configmaps', { metadata: meta(), data: { a: 'x'.repeat(1024 * 1024 + 1) } }), [
      ': Too long: may not be more than 1048576 bytes',
    ]);
  });

  it('freezes immutable ConfigMaps', () => {
    const old = { metadata: meta(), immutable: true, data: { a: '1' } };
    const upd = { metadata: meta(), immutable: true, data: { a: '2' } };
    assert.deepEqual(validateUpdate('', 'configmaps', upd, old).map(String), [
      'data: Forbidden: field is immutable when `immutable` is set',
    ]);
  });

  it('checks secret types and their required keys', () => {
    assert.deepEqual(check('secrets', { metadata: meta(), type: 'kubernetes.io/service-account-token' }), [
      'metadata.annotations[kubernetes.io/service-account.name]: Required value',
    ]);
    assert.deepEqual(check('secrets', { metadata: meta(), type: 'kubernetes.io/dockerconfigjson', data: {} }), [
      'data[.dockerconfigjson]: Required value',
    ]);
    assert.deepEqual(
      check('secrets', {
        metadata: meta(),
        type: 'kubernetes.io/dockerconfigjson',
        stringData: { '.dockerconfigjson': 'nope' },
      }),
      [
        "data[.dockerconfigjson]: Invalid value: \"<secret contents redacted>\": invalid character 'o' in literal null (expecting 'u')",
      ],
    );
    assert.deepEqual(check('secrets', { metadata: meta(), type: 'kubernetes.io/tls', data: { 'tls.crt': '' } }), [
      'data[tls.key]: Required value',
    ]);
    assert.deepEqual(check('secrets', { metadata: meta(), stringData: { 'a/b': 'x' } }), [
      "data[a/b]: Invalid value: \"a/b\": a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')",
    ]);
  });

  it('refuses data that is not base64, without showing it', () => {
    assert.deepEqual(check('secrets', { metadata: meta(), data: { a: 'not base64!' } }), [
      'data[a]: Invalid value: "<secret contents redacted>": illegal base64 data at input byte 3',
    ]);
  });

  it('keeps the secret type on update', () => {
    const old = { metadata: meta(), type: 'Opaque', data: {} };
    const upd = { metadata: meta(), type: 'kubernetes.io/basic-auth', data: { username: 'YQ==' } };
    assert.deepEqual(validateUpdate('', 'secrets', upd, old).map(String), [
      'type: Invalid value: "kubernetes.io/basic-auth": field is immutable',
    ]);
  });
});

describe('namespaces and service accounts', () => {
  it('uses the DNS label rule for namespaces and refuses a namespace on them', () => {
    assert.deepEqual(check('namespaces', { metadata: { name: 'a.b' } }), [
      'metadata.name: Invalid value: "a.b": must not contain dots',
    ]);
    assert.deepEqual(check('namespaces', { metadata: { name: 'ok', namespace: 'x' } }), [
      'metadata.namespace: Forbidden: not allowed on this type',
    ]);
  });

  it('checks service account names', () => {
    assert.deepEqual(check('serviceaccounts', { metadata: { name: 'default', namespace: 'd' } }), []);
    assert.equal(check('serviceaccounts', { metadata: { name: 'A', namespace: 'd' } }).length, 1);
  });
});

describe('storage, quota, endpoints, events and replication controllers', () => {
  it('checks PVCs and their updates', () => {
    assert.deepEqual(
      check('persistentvolumeclaims', {
        metadata: meta(),
        spec: { accessModes: ['ReadWriteSometimes'], resources: { requests: { storage: '0' } } },
      }),
      [
        'spec.accessModes: Unsupported value: "ReadWriteSometimes": supported values: "ReadOnlyMany", "ReadWriteMany", "ReadWriteOnce", "ReadWriteOncePod"',
        'spec.resources[storage]: Invalid value: "0": must be greater than zero',
      ],
    );
    const old: Any = {
      metadata: meta(),
      spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } },
      status: { phase: 'Bound', capacity: { storage: '1Gi' } },
    };
    applyDefaults('', 'persistentvolumeclaims', old);
    const grow = structuredClone(old);
    grow.spec.resources.requests.storage = '2Gi';
    assert.deepEqual(validateUpdate('', 'persistentvolumeclaims', grow, old).map(String), []);
    const change = structuredClone(old);
    change.spec.accessModes = ['ReadWriteMany'];
    const errs = validateUpdate('', 'persistentvolumeclaims', change, old).map(String);
    assert.equal(errs.length, 1);
    assert.ok(
      errs[0].startsWith(
        'spec: Forbidden: spec is immutable after creation except resources.requests and volumeAttributesClassName for bound claims\n',
      ),
    );
  });

  it('checks persistent volumes', () => {
    assert.deepEqual(
      check('persistentvolumes', {
        metadata: { name: 'pv' },
        spec: { accessModes: ['ReadWriteOnce'], capacity: { storage: '1Gi' } },
      }),
      ['spec: Required value: must specify a volume type'],
    );
    assert.deepEqual(
      check('persistentvolumes', {
        metadata: { name: 'pv' },
        spec: { accessModes: ['ReadWriteOnce'], capacity: { storage: '1Gi' }, local: { path: '/d' } },
      }),
      ['spec.nodeAffinity: Required value: Local volume requires node affinity'],
    );
  });

  it('checks resource quotas and limit ranges', () => {
    assert.deepEqual(
      check('resourcequotas', {
        metadata: meta(),
        spec: { hard: { pods: '1.5', foo: '1' }, scopes: ['BestEffort', 'NotBestEffort'] },
      }),
      [
        'spec.hard[pods]: Invalid value: "1500m": must be an integer',
        'spec.hard[foo]: Invalid value: "foo": must be a standard resource type or fully qualified',
        'spec.hard[foo]: Invalid value: "foo": must be a standard resource for quota',
        'spec.scopes: Invalid value: []core.ResourceQuotaScope{"BestEffort", "NotBestEffort"}: conflicting scopes',
      ],
    );
    // The defaults fill default and defaultRequest from max (1), which min (2) then exceeds.
    assert.deepEqual(
      check('limitranges', {
        metadata: meta(),
        spec: { limits: [{ type: 'Container', min: { cpu: '2' }, max: { cpu: '1' } }] },
      }),
      [
        'spec.limits[0].min[cpu]: Invalid value: 2: min value 2 is greater than max value 1',
        'spec.limits[0].defaultRequest[cpu]: Invalid value: 1: min value 2 is greater than default request value 1',
        'spec.limits[0].default[cpu]: Invalid value: 2: min value 2 is greater than default value 1',
      ],
    );
  });

  it('checks endpoints', () => {
    assert.deepEqual(
      check('endpoints', {
        metadata: meta(),
        subsets: [{ addresses: [{ ip: '127.0.0.1' }], ports: [{ port: 80 }, { port: 81 }] }, {}],
      }),
      [
        'subsets[0].addresses[0].ip: Invalid value: "127.0.0.1": may not be in the loopback range (127.0.0.0/8, ::1/128)',
        'subsets[0].ports[0].name: Required value',
        'subsets[0].ports[1].name: Required value',
        'subsets[1]: Required value: must specify `addresses` or `notReadyAddresses`',
      ],
    );
  });

  it('checks legacy events', () => {
    assert.deepEqual(check('events', { metadata: meta(), involvedObject: { kind: 'Pod', namespace: 'other' } }), [
      'involvedObject.namespace: Invalid value: "other": does not match event.namespace',
    ]);
  });

  it('checks replication controllers', () => {
    assert.deepEqual(
      check('replicationcontrollers', {
        metadata: meta(),
        spec: {
          replicas: -1,
          selector: { app: 'a' },
          template: {
            metadata: { labels: { app: 'b' } },
            spec: { restartPolicy: 'OnFailure', containers: [{ name: 'c', image: 'x' }] },
          },
        },
      }),
      [
        'spec.replicas: Invalid value: -1: must be greater than or equal to 0',
        'spec.template.metadata.labels: Invalid value: map[string]string{"app":"b"}: `selector` does not match template `labels`',
        'spec.template.spec.restartPolicy: Unsupported value: "OnFailure": supported values: "Always"',
      ],
    );
  });
});
