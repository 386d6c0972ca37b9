import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { RESOURCES } from '../resources.js';
import { applyDefaults } from '../defaults/index.js';
import { validate, validateStatusUpdate, validateUpdate } from './index.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Any = any;

describe('validation registry', () => {
  it('reports wrong types as field errors instead of crashing', () => {
    const p = {
      metadata: { name: 'p', namespace: 'd', labels: { a: 1 } },
      spec: { containers: [{ name: 'c', image: 5, ports: 'x' }] },
    };
    applyDefaults('', 'pods', p);
    const errs = validate('', 'pods', p).map(String);
    assert.ok(errs.includes('metadata.labels[a]: Invalid value: 1: must be of type string'), errs.join('\n'));
    assert.ok(errs.includes('spec.containers[0].image: Invalid value: 5: must be of type string'), errs.join('\n'));
    assert.ok(errs.includes('spec.containers[0].ports: Invalid value: "x": must be of type array'), errs.join('\n'));
    assert.deepEqual(validate('', 'pods', null).map(String).slice(0, 2), [
      'metadata.name: Required value: name or generateName is required',
      'metadata.namespace: Required value',
    ]);
  });

  it('falls back to metadata validation for served kinds without their own rules', () => {
    assert.deepEqual(
      validate('authorization.k8s.io', 'localsubjectaccessreviews', { metadata: { name: 'a/b', namespace: 'd' } }).map(
        String,
      ),
      ['metadata.name: Invalid value: "a/b": may not contain \'/\''],
    );
    assert.deepEqual(validate('example.com', 'widgets', { anything: true }), []);
  });

  it('adds the common path-segment name check when the kind itself passes (rest.BeforeCreate)', () => {
    const ev = { metadata: { name: 'a/b', namespace: 'd' }, involvedObject: { namespace: 'd' } };
    assert.deepEqual(validate('', 'events', ev).map(String), [
      'metadata.name: Invalid value: "a/b": may not contain \'/\'',
    ]);
  });

  it('never throws on arbitrary input for any served resource', () => {
    let seed = 42;
    const rand = () => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed / 0x7fffffff;
    };
    const leaf = (): unknown =>
      [null, 0, -1, 1.5, '', 'x', 'None', true, [], {}, ['a'], [{}], { a: 1 }][Math.floor(rand() * 13)];
    const keys = [
      'metadata',
      'spec',
      'status',
      'containers',
      'template',
      'selector',
      'ports',
      'rules',
      'name',
      'type',
      'data',
      'webhooks',
      'subjects',
      'roleRef',
      'volumes',
      'image',
      'matchLabels',
      'strategy',
      'jobTemplate',
      'versions',
      'names',
      'endpoints',
      'addressType',
      'clientConfig',
      'spec',
    ];
    const tree = (depth: number): unknown => {
      if (depth === 0 || rand() < 0.3) return leaf();
      if (rand() < 0.3) return Array.from({ length: 1 + Math.floor(rand() * 3) }, () => tree(depth - 1));
      const o: Any = {};
      for (let i = 0; i < 1 + Math.floor(rand() * 4); i++) o[keys[Math.floor(rand() * keys.length)]] = tree(depth - 1);
      return o;
    };
    for (const r of RESOURCES) {
      for (let n = 0; n < 40; n++) {
        const obj = tree(5);
        const old = tree(5);
        assert.doesNotThrow(
          () => {
            applyDefaults(r.group, r.resource, obj);
            validate(r.group, r.resource, obj);
            validateUpdate(r.group, r.resource, obj, old);
            validateStatusUpdate(r.group, r.resource, obj, old);
          },
          `${r.resource}.${r.group}: ${JSON.stringify(obj)}`,
        );
      }
    }
  });

  it('never throws when any part of a realistic object has the wrong type', () => {
    const container = {
      name: 'c',
      image: 'x',
      ports: [{ containerPort: 80, name: 'http', hostPort: 8080 }],
      env: [
        { name: 'A', valueFrom: { fieldRef: { fieldPath: 'metadata.name' }, secretKeyRef: { name: 's', key: 'k' } } },
      ],
      envFrom: [{ configMapRef: { name: 'c' }, prefix: 'P_' }],
      volumeMounts: [{ name: 'v', mountPath: '/v', subPath: 'a', mountPropagation: 'Bidirectional' }],
      resources: {
        limits: { cpu: '1', 'hugepages-2Mi': '2Mi' },
        requests: { memory: '1Gi' },
        claims: [{ name: 'gpu' }],
      },
      livenessProbe: { httpGet: { port: 'http', httpHeaders: [{ name: 'X', value: 'y' }] } },
      lifecycle: { preStop: { sleep: { seconds: 5 } } },
      securityContext: {
        runAsUser: 1,
        capabilities: { add: ['NET_ADMIN'] },
        seccompProfile: { type: 'Localhost', localhostProfile: 'p' },
      },
    };
    const podSpec = {
      containers: [container],
      initContainers: [{ ...container, name: 'i', restartPolicy: 'Always' }],
      volumes: [
        {
          name: 'v',
          projected: {
            sources: [
              { secret: { name: 's', items: [{ key: 'k', path: 'p' }] } },
              { serviceAccountToken: { path: 't', expirationSeconds: 3600 } },
            ],
          },
        },
        {
          name: 'e',
          ephemeral: {
            volumeClaimTemplate: {
              spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } },
            },
          },
        },
      ],
      affinity: {
        nodeAffinity: {
          requiredDuringSchedulingIgnoredDuringExecution: {
            nodeSelectorTerms: [{ matchExpressions: [{ key: 'k', operator: 'In', values: ['v'] }] }],
          },
        },
        podAntiAffinity: {
          preferredDuringSchedulingIgnoredDuringExecution: [
            { weight: 1, podAffinityTerm: { topologyKey: 'z', labelSelector: { matchLabels: { a: 'b' } } } },
          ],
        },
      },
      tolerations: [{ key: 'k', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 5 }],
      topologySpreadConstraints: [
        {
          maxSkew: 1,
          topologyKey: 'z',
          whenUnsatisfiable: 'DoNotSchedule',
          labelSelector: { matchLabels: { a: 'b' } },
          matchLabelKeys: ['x'],
        },
      ],
      dnsConfig: { nameservers: ['1.1.1.1'], searches: ['a.b'], options: [{ name: 'ndots' }] },
      securityContext: { sysctls: [{ name: 'net.core.somaxconn', value: '1' }], supplementalGroups: [1] },
      resourceClaims: [{ name: 'gpu', resourceClaimName: 'g' }],
      hostAliases: [{ ip: '1.2.3.4', hostnames: ['a'] }],
      os: { name: 'windows' },
    };
    const samples: [string, string, Any][] = [
      [
        '',
        'pods',
        {
          metadata: { name: 'p', namespace: 'd', annotations: { 'controller.kubernetes.io/pod-deletion-cost': '1' } },
          spec: podSpec,
        },
      ],
      [
        'apps',
        'deployments',
        {
          metadata: { name: 'd', namespace: 'd' },
          spec: {
            selector: { matchLabels: { a: 'b' } },
            template: { metadata: { labels: { a: 'b' } }, spec: podSpec },
          },
        },
      ],
      [
        'batch',
        'jobs',
        {
          metadata: { name: 'j', namespace: 'd', uid: 'u' },
          spec: {
            podFailurePolicy: { rules: [{ action: 'Ignore', onExitCodes: { operator: 'In', values: [1] } }] },
            template: { spec: podSpec },
          },
        },
      ],
      [
        '',
        'services',
        {
          metadata: { name: 's', namespace: 'd' },
          spec: {
            type: 'LoadBalancer',
            externalTrafficPolicy: 'Local',
            ports: [{ port: 80, nodePort: 30000 }],
            loadBalancerSourceRanges: ['10.0.0.0/8'],
          },
        },
      ],
      [
        '',
        'persistentvolumes',
        {
          metadata: { name: 'pv' },
          spec: {
            capacity: { storage: '1Gi' },
            accessModes: ['ReadWriteOnce'],
            csi: { driver: 'd.example.com', volumeHandle: 'h' },
            nodeAffinity: { required: { nodeSelectorTerms: [{}] } },
          },
        },
      ],
      [
        'networking.k8s.io',
        'ingresses',
        {
          metadata: { name: 'i', namespace: 'd' },
          spec: {
            tls: [{ hosts: ['a.b'], secretName: 's' }],
            rules: [
              {
                host: 'a.b',
                http: { paths: [{ path: '/', pathType: 'Prefix', backend: { resource: { kind: 'K', name: 'n' } } }] },
              },
            ],
          },
        },
      ],
      [
        'admissionregistration.k8s.io',
        'mutatingwebhookconfigurations',
        {
          metadata: { name: 'm' },
          webhooks: [
            {
              name: 'a.b.c',
              clientConfig: { service: { name: 's', namespace: 'n', path: '/x' } },
              rules: [{ operations: ['*'], apiGroups: ['*'], apiVersions: ['*'], resources: ['*/*'] }],
              sideEffects: 'None',
              admissionReviewVersions: ['v1'],
            },
          ],
        },
      ],
      [
        'autoscaling',
        'horizontalpodautoscalers',
        {
          metadata: { name: 'h', namespace: 'd' },
          spec: {
            maxReplicas: 3,
            scaleTargetRef: { kind: 'D', name: 'd' },
            metrics: [
              {
                type: 'Object',
                object: {
                  metric: { name: 'm' },
                  target: { type: 'Value', value: '1' },
                  describedObject: { kind: 'S', name: 's' },
                },
              },
            ],
            behavior: { scaleUp: { policies: [{ type: 'Pods', value: 1, periodSeconds: 1 }] } },
          },
        },
      ],
    ];
    let seed = 7;
    const rand = () => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed / 0x7fffffff;
    };
    const leaves: unknown[] = [null, 0, -3, 2.5, '', 'x', true, [], {}, [1], ['a'], { a: 1 }];
    const paths = (v: unknown, at: (string | number)[] = [], out: (string | number)[][] = []) => {
      if (v && typeof v === 'object') {
        for (const [k, c] of Object.entries(v)) {
          const p = [...at, Array.isArray(v) ? Number(k) : k];
          out.push(p);
          paths(c, p, out);
        }
      }
      return out;
    };
    for (const [group, resource, sample] of samples) {
      const all = paths(sample);
      for (const p of all) {
        for (let n = 0; n < 3; n++) {
          const obj: Any = structuredClone(sample);
          let parent = obj;
          for (const k of p.slice(0, -1)) parent = parent[k];
          parent[p.at(-1)!] = leaves[Math.floor(rand() * leaves.length)];
          assert.doesNotThrow(
            () => {
              applyDefaults(group, resource, obj);
              validate(group, resource, obj);
              validateUpdate(group, resource, obj, sample);
            },
            `${resource} at ${p.join('.')}: ${JSON.stringify(parent)}`,
          );
        }
      }
    }
  });
});
