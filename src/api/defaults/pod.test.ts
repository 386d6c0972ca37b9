import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { applyDefaults } from './index.js';
import { imageTag } from './pod.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
const pod = (spec: any): any => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'p', namespace: 'default' },
  spec,
});

describe('pod defaults', () => {
  it('fills the PodSpec and container defaults upstream shows on a minimal pod', () => {
    const p = pod({ containers: [{ name: 'web', image: 'nginx', ports: [{ containerPort: 80 }] }] });
    applyDefaults('', 'pods', p);
    assert.deepEqual(p.spec, {
      containers: [
        {
          name: 'web',
          image: 'nginx',
          ports: [{ containerPort: 80, protocol: 'TCP' }],
          imagePullPolicy: 'Always',
          terminationMessagePath: '/dev/termination-log',
          terminationMessagePolicy: 'File',
        },
      ],
      enableServiceLinks: true,
      dnsPolicy: 'ClusterFirst',
      restartPolicy: 'Always',
      securityContext: {},
      terminationGracePeriodSeconds: 30,
      schedulerName: 'default-scheduler',
    });
  });

  it('chooses the pull policy from the tag', () => {
    assert.equal(imageTag('nginx'), 'latest');
    assert.equal(imageTag('nginx:latest'), 'latest');
    assert.equal(imageTag('nginx:1.27'), '1.27');
    assert.equal(imageTag('localhost:5000/app'), 'latest');
    assert.equal(imageTag('registry.k8s.io/pause:3.10'), '3.10');
    assert.equal(imageTag(`busybox@sha256:${'a'.repeat(64)}`), '');
    assert.equal(imageTag('Bad/Name'), '');
    const p = pod({
      containers: [{ name: 'a', image: 'nginx:1.27' }],
      initContainers: [{ name: 'b', image: 'busybox' }],
    });
    applyDefaults('', 'pods', p);
    assert.equal(p.spec.containers[0].imagePullPolicy, 'IfNotPresent');
    assert.equal(p.spec.initContainers[0].imagePullPolicy, 'Always');
  });

  it('defaults probes, their HTTP handlers and env field references', () => {
    const p = pod({
      containers: [
        {
          name: 'a',
          image: 'x:1',
          livenessProbe: { httpGet: { port: 8080 } },
          readinessProbe: { tcpSocket: { port: 80 }, periodSeconds: 5 },
          startupProbe: { grpc: { port: 9000 } },
          env: [{ name: 'NODE', valueFrom: { fieldRef: { fieldPath: 'spec.nodeName' } } }],
        },
      ],
    });
    applyDefaults('', 'pods', p);
    const c = p.spec.containers[0];
    assert.deepEqual(c.livenessProbe, {
      httpGet: { port: 8080, path: '/', scheme: 'HTTP' },
      timeoutSeconds: 1,
      periodSeconds: 10,
      successThreshold: 1,
      failureThreshold: 3,
    });
    assert.equal(c.readinessProbe.periodSeconds, 5);
    assert.equal(c.startupProbe.grpc.service, '');
    assert.equal(c.env[0].valueFrom.fieldRef.apiVersion, 'v1');
  });

  it('defaults volumes: emptyDir when no source, modes 420, hostPath type, token expiry', () => {
    const p = pod({
      containers: [{ name: 'a', image: 'x:1' }],
      volumes: [
        { name: 'scratch' },
        { name: 'cfg', configMap: { name: 'c' } },
        { name: 'sec', secret: { secretName: 's', defaultMode: 256 } },
        { name: 'host', hostPath: { path: '/data' } },
        { name: 'proj', projected: { sources: [{ serviceAccountToken: { path: 'token' } }] } },
      ],
    });
    applyDefaults('', 'pods', p);
    const v = p.spec.volumes;
    assert.deepEqual(v[0], { name: 'scratch', emptyDir: {} });
    assert.equal(v[1].configMap.defaultMode, 420);
    assert.equal(v[2].secret.defaultMode, 256);
    assert.equal(v[3].hostPath.type, '');
    assert.equal(v[4].projected.defaultMode, 420);
    assert.equal(v[4].projected.sources[0].serviceAccountToken.expirationSeconds, 3600);
  });

  it('copies limits to missing requests, rounds quantities, and mirrors ports under hostNetwork', () => {
    const p = pod({
      hostNetwork: true,
      containers: [
        {
          name: 'a',
          image: 'x:1',
          ports: [{ containerPort: 53 }],
          resources: { limits: { cpu: '0.5', memory: '1Gi' }, requests: { memory: '100Mi' } },
        },
      ],
    });
    applyDefaults('', 'pods', p);
    const c = p.spec.containers[0];
    assert.deepEqual(c.resources, {
      limits: { cpu: '500m', memory: '1Gi' },
      requests: { memory: '100Mi', cpu: '500m' },
    });
    assert.equal(c.ports[0].hostPort, 53);
  });

  it('defaults pod templates in workloads without the pod-only fields', () => {
    const d = { metadata: { name: 'd' }, spec: { template: { spec: { containers: [{ name: 'a', image: 'x' }] } } } };
    applyDefaults('apps', 'deployments', d);
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    const spec = (d.spec.template as any).spec;
    assert.equal(spec.restartPolicy, 'Always');
    assert.equal(spec.enableServiceLinks, undefined);
  });

  it('leaves values of the wrong type for validation', () => {
    const p = { metadata: { name: 'p' }, spec: { containers: 'nope', volumes: [5, null] } };
    assert.doesNotThrow(() => applyDefaults('', 'pods', p));
    assert.equal(p.spec.containers, 'nope');
    assert.doesNotThrow(() => applyDefaults('', 'pods', 'not an object'));
  });
});
