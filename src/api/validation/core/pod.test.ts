import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { applyDefaults } from '../../defaults/index.js';
import { POD_UPDATE_FORBIDDEN, validate, validateStatusUpdate, validateUpdate } from '../index.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Any = any;

/** A defaulted pod with one valid container, changed by `edit`. */
function pod(edit: (spec: Any) => void = () => {}): Any {
  const p: Any = {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'web', namespace: 'default' },
    spec: { containers: [{ name: 'app', image: 'nginx:1.27' }] },
  };
  edit(p.spec);
  applyDefaults('', 'pods', p);
  return p;
}
const errors = (p: Any) => validate('', 'pods', p).map(String);

describe('pod validation', () => {
  it('accepts a minimal defaulted pod', () => {
    assert.deepEqual(errors(pod()), []);
  });

  it('requires containers, names and images', () => {
    assert.deepEqual(errors(pod((s) => (s.containers = []))), ['spec.containers: Required value']);
    assert.deepEqual(errors(pod((s) => (s.containers = [{}]))), [
      'spec.containers[0].name: Required value',
      'spec.containers[0].image: Required value',
    ]);
  });

  it('checks container names: DNS-1123 labels, unique across containers and init containers', () => {
    const errs = errors(
      pod((s) => {
        s.containers = [
          { name: 'App', image: 'x' },
          { name: 'b', image: 'x' },
          { name: 'b', image: 'x' },
        ];
        s.initContainers = [{ name: 'b', image: 'x' }];
      }),
    );
    assert.deepEqual(errs, [
      "spec.containers[0].name: Invalid value: \"App\": a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')",
      'spec.containers[2].name: Duplicate value: "b"',
      'spec.initContainers[0].name: Duplicate value: "b"',
    ]);
  });

  it('checks container ports', () => {
    const errs = errors(
      pod((s) => {
        s.containers[0].ports = [
          { containerPort: 70000 },
          { containerPort: 0, protocol: 'ICMP' },
          { name: 'http', containerPort: 80 },
          { name: 'http', containerPort: 81 },
          { name: 'Bad_Name', containerPort: 82 },
        ];
      }),
    );
    assert.deepEqual(errs, [
      'spec.containers[0].ports[0].containerPort: Invalid value: 70000: must be between 1 and 65535, inclusive',
      'spec.containers[0].ports[1].containerPort: Required value',
      'spec.containers[0].ports[1].protocol: Unsupported value: "ICMP": supported values: "SCTP", "TCP", "UDP"',
      'spec.containers[0].ports[3].name: Duplicate value: "http"',
      'spec.containers[0].ports[4].name: Invalid value: "Bad_Name": must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)',
    ]);
  });

  it('checks env vars and their sources', () => {
    const errs = errors(
      pod((s) => {
        s.containers[0].env = [
          { name: '' },
          { name: 'A=B' },
          { name: 'X', value: 'v', valueFrom: { configMapKeyRef: { name: 'c', key: 'k' } } },
          { name: 'Y', valueFrom: { fieldRef: { fieldPath: 'status.phase' } } },
        ];
      }),
    );
    assert.deepEqual(errs, [
      'spec.containers[0].env[0].name: Required value',
      'spec.containers[0].env[1].name: Invalid value: "A=B": a valid environment variable name must consist only of printable ASCII characters other than \'=\'',
      'spec.containers[0].env[2].valueFrom: Invalid value: "": may not be specified when `value` is not empty',
      'spec.containers[0].env[3].valueFrom.fieldRef.fieldPath: Unsupported value: "status.phase": supported values: "metadata.name", "metadata.namespace", "metadata.uid", "spec.nodeName", "spec.serviceAccountName", "status.hostIP", "status.hostIPs", "status.podIP", "status.podIPs"',
    ]);
  });

  it('checks resources: requests within limits, standard names, non-negative amounts', () => {
    const errs = errors(
      pod((s) => {
        s.containers[0].resources = {
          limits: { cpu: '1', memory: '1Gi' },
          requests: { cpu: '2', gpu: '1', memory: '-1' },
        };
      }),
    );
    assert.deepEqual(errs, [
      'spec.containers[0].resources.requests: Invalid value: "2": must be less than or equal to cpu limit of 1',
      'spec.containers[0].resources.requests[gpu]: Invalid value: "gpu": must be a standard resource type or fully qualified',
      'spec.containers[0].resources.requests[gpu]: Invalid value: "gpu": must be a standard resource for containers',
      'spec.containers[0].resources.requests[memory]: Invalid value: "-1": must be greater than or equal to 0',
    ]);
  });

  it('checks volumes and mounts', () => {
    const errs = errors(
      pod((s) => {
        s.volumes = [
          { name: 'data', emptyDir: {} },
          { name: 'data', emptyDir: {} },
          { name: 'two', emptyDir: {}, hostPath: { path: '/x' } },
        ];
        s.containers[0].volumeMounts = [
          { name: 'missing', mountPath: '/a' },
          { name: 'data', mountPath: '/a' },
        ];
      }),
    );
    assert.deepEqual(errs, [
      'spec.volumes[1].name: Duplicate value: "data"',
      'spec.volumes[2].hostPath: Forbidden: may not specify more than 1 volume type',
      'spec.containers[0].volumeMounts[0].name: Not found: "missing"',
      'spec.containers[0].volumeMounts[1].mountPath: Invalid value: "/a": must be unique',
    ]);
  });

  it('checks secret and configMap volume sources', () => {
    const errs = errors(
      pod((s) => {
        s.volumes = [{ name: 's', secret: { defaultMode: 1000, items: [{ key: 'k', path: '../x' }] } }];
      }),
    );
    assert.deepEqual(errs, [
      'spec.volumes[0].secret.secretName: Required value',
      'spec.volumes[0].secret.defaultMode: Invalid value: 1000: must be a number between 0 and 0777 (octal), both inclusive',
      'spec.volumes[0].secret.items[0].path: Invalid value: "../x": must not contain \'..\'',
    ]);
  });

  it('checks restart and DNS policies', () => {
    const errs = errors(
      pod((s) => {
        s.restartPolicy = 'Sometimes';
        s.dnsPolicy = 'Google';
      }),
    );
    assert.deepEqual(errs, [
      'spec.restartPolicy: Unsupported value: "Sometimes": supported values: "Always", "OnFailure", "Never"',
      'spec.dnsPolicy: Unsupported value: "Google": supported values: "ClusterFirstWithHostNet", "ClusterFirst", "Default", "None"',
    ]);
    assert.deepEqual(errors(pod((s) => (s.dnsPolicy = 'None'))), [
      'spec.dnsConfig: Required value: must provide `dnsConfig` when `dnsPolicy` is None',
    ]);
  });

  it('checks probes', () => {
    const errs = errors(
      pod((s) => {
        s.containers[0].livenessProbe = { httpGet: { port: 'web_port', scheme: 'FTP' }, successThreshold: 2 };
        s.containers[0].readinessProbe = {
          exec: { command: ['true'] },
          tcpSocket: { port: 80 },
          terminationGracePeriodSeconds: 5,
        };
        s.containers[0].startupProbe = { initialDelaySeconds: -1 };
      }),
    );
    assert.deepEqual(errs, [
      'spec.containers[0].livenessProbe.httpGet.port: Invalid value: "web_port": must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)',
      'spec.containers[0].livenessProbe.httpGet.scheme: Unsupported value: "FTP": supported values: "HTTP", "HTTPS"',
      'spec.containers[0].livenessProbe.successThreshold: Invalid value: 2: must be 1',
      'spec.containers[0].readinessProbe.tcpSocket: Forbidden: may not specify more than 1 handler type',
      'spec.containers[0].readinessProbe.terminationGracePeriodSeconds: Invalid value: 5: must not be set for readinessProbes',
      'spec.containers[0].startupProbe: Required value: must specify a handler type',
      'spec.containers[0].startupProbe.initialDelaySeconds: Invalid value: -1: must be greater than or equal to 0',
    ]);
  });

  it('checks init container rules and tolerations', () => {
    const errs = errors(
      pod((s) => {
        s.initContainers = [{ name: 'init', image: 'x', livenessProbe: { exec: { command: ['a'] } } }];
        s.tolerations = [
          { operator: 'Equal', value: 'x' },
          { key: 'k', operator: 'Exists', effect: 'NoSchedule', tolerationSeconds: 5 },
        ];
      }),
    );
    assert.deepEqual(errs, [
      'spec.initContainers[0].livenessProbe: Forbidden: may not be set for init containers without restartPolicy=Always',
      'spec.tolerations[0].operator: Invalid value: "Equal": operator must be Exists when `key` is empty, which means "match all values and all keys"',
      'spec.tolerations[1].effect: Invalid value: "NoSchedule": effect must be \'NoExecute\' when `tolerationSeconds` is set',
    ]);
  });

  it('checks metadata by the pod name rule', () => {
    const p = pod();
    p.metadata = { name: 'Web', labels: { 'bad key!': 'v' } };
    const errs = errors(p);
    assert.equal(
      errs[0],
      "metadata.name: Invalid value: \"Web\": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')",
    );
    assert.equal(errs[1], 'metadata.namespace: Required value');
    assert.match(errs[2], /^metadata\.labels: Invalid value: "bad key!": name part must consist of/);
  });

  it('refuses ephemeral containers on create', () => {
    const errs = errors(
      pod((s) => (s.ephemeralContainers = [{ name: 'debug', image: 'busybox', targetContainerName: 'app' }])),
    );
    assert.deepEqual(errs, ['spec.ephemeralContainers: Forbidden: cannot be set on create']);
  });
});

describe('pod update validation', () => {
  const stored = () => {
    const p = pod(
      (s) => (s.tolerations = [{ key: 'a', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 10 }]),
    );
    p.metadata.resourceVersion = '7';
    p.metadata.uid = 'u1';
    return p;
  };

  it('allows the image, activeDeadlineSeconds, toleration additions and tolerationSeconds', () => {
    const old = stored();
    const p = structuredClone(old);
    p.spec.containers[0].image = 'nginx:1.28';
    p.spec.activeDeadlineSeconds = 60;
    p.spec.tolerations[0].tolerationSeconds = 20;
    p.spec.tolerations.push({ key: 'b', operator: 'Exists' });
    assert.deepEqual(validateUpdate('', 'pods', p, old).map(String), []);
  });

  it('refuses other spec changes with upstream message and a diff', () => {
    const old = stored();
    const p = structuredClone(old);
    p.spec.containers[0].ports = [{ containerPort: 8080, protocol: 'TCP' }];
    const errs = validateUpdate('', 'pods', p, old);
    assert.equal(errs.length, 1);
    assert.equal(errs[0].field, 'spec');
    assert.equal(errs[0].type, 'FieldValueForbidden');
    const text = String(errs[0]);
    assert.ok(
      text.startsWith(
        'spec: Forbidden: pod updates may not change fields other than `spec.containers[*].image`,`spec.initContainers[*].image`,`spec.activeDeadlineSeconds`,`spec.tolerations` (only additions to existing tolerations),`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)\n',
      ),
      text,
    );
    assert.ok(text.includes(POD_UPDATE_FORBIDDEN));
    assert.ok(text.includes('+ \tContainers[0].Ports: [{"containerPort":8080,"protocol":"TCP"}],'), text);
  });

  it('refuses adding containers, lengthening deadlines and changing tolerations', () => {
    const old = stored();
    old.spec.activeDeadlineSeconds = 30;
    const more = structuredClone(old);
    more.spec.containers.push({ name: 'b', image: 'x' });
    assert.ok(
      validateUpdate('', 'pods', more, old)
        .map(String)
        .includes('spec.containers: Forbidden: pod updates may not add or remove containers'),
    );
    const longer = structuredClone(old);
    longer.spec.activeDeadlineSeconds = 60;
    assert.deepEqual(validateUpdate('', 'pods', longer, old).map(String), [
      'spec.activeDeadlineSeconds: Invalid value: 60: must be less than or equal to previous value',
    ]);
    const changed = structuredClone(old);
    changed.spec.tolerations[0].effect = 'NoSchedule';
    assert.ok(
      validateUpdate('', 'pods', changed, old)
        .map(String)
        .includes('spec.tolerations: Forbidden: existing toleration can not be modified except its tolerationSeconds'),
    );
  });

  it('keeps metadata rules on update', () => {
    const old = stored();
    const p = structuredClone(old);
    p.metadata.name = 'other';
    assert.ok(
      validateUpdate('', 'pods', p, old)
        .map(String)
        .includes('metadata.name: Invalid value: "other": field is immutable'),
    );
  });

  it('checks status updates', () => {
    const old = stored();
    const p = structuredClone(old);
    p.spec.nodeName = 'node-1';
    p.status = { podIPs: [{ ip: '10.0.0.1' }, { ip: '10.0.0.2' }] };
    assert.deepEqual(validateStatusUpdate('', 'pods', p, old).map(String), [
      'status.nodeName: Forbidden: may not be changed directly',
      'status.podIPs: Invalid value: [{"ip":"10.0.0.1"},{"ip":"10.0.0.2"}]: may specify no more than one IP for each IP family',
    ]);
  });
});

describe('pod templates', () => {
  it('validates the template spec and refuses ephemeral containers', () => {
    const pt: Any = {
      metadata: { name: 't', namespace: 'd' },
      template: { spec: { containers: [{ name: 'a' }], ephemeralContainers: [{ name: 'e', image: 'x' }] } },
    };
    applyDefaults('', 'podtemplates', pt);
    const errs = validate('', 'podtemplates', pt).map(String);
    assert.ok(errs.includes('template.spec.containers[0].image: Required value'));
    assert.ok(
      errs.includes('template.spec.ephemeralContainers: Forbidden: ephemeral containers not allowed in pod template'),
    );
  });
});
