import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { decodeProtobuf, encodeProtobuf } from './codec.js';

/**
 * JSON → protobuf → JSON must give back the same object. (Key order follows Go's struct order on
 * the way back; kubectl-capture.test.ts checks that against kubectl's own JSON.)
 */
function roundTrip(obj: Record<string, unknown>): void {
  assert.deepEqual(decodeProtobuf(encodeProtobuf(obj)), obj);
}

const metadata = {
  name: 'web',
  namespace: 'default',
  uid: '0b6e3f5e-8a42-4f5b-9a59-5c1d2f0e9b7a',
  resourceVersion: '42',
  generation: 3,
  creationTimestamp: '2024-01-02T03:04:05Z',
  labels: { app: 'web', tier: 'frontend' },
  annotations: { 'deployment.kubernetes.io/revision': '1' },
  ownerReferences: [
    { apiVersion: 'v1', kind: 'Namespace', name: 'default', uid: 'u-1', controller: true, blockOwnerDeletion: false },
  ],
  finalizers: ['example.com/cleanup'],
  managedFields: [
    {
      manager: 'kubectl-create',
      operation: 'Update',
      apiVersion: 'apps/v1',
      time: '2024-01-02T03:04:05Z',
      fieldsType: 'FieldsV1',
      fieldsV1: { 'f:metadata': { 'f:labels': { '.': {}, 'f:app': {} } } },
    },
  ],
};

const podSpec = {
  volumes: [
    {
      name: 'config',
      configMap: { name: 'web-config', items: [{ key: 'a', path: 'a.txt', mode: 0o644 }], defaultMode: 420 },
    },
    { name: 'cache', emptyDir: { medium: 'Memory', sizeLimit: '64Mi' } },
    {
      name: 'token',
      projected: { sources: [{ serviceAccountToken: { audience: 'api', expirationSeconds: 3600, path: 't' } }] },
    },
  ],
  initContainers: [{ name: 'init', image: 'busybox', command: ['sh', '-c', 'true'], resources: {} }],
  containers: [
    {
      name: 'nginx',
      image: 'nginx:1.27',
      command: ['nginx'],
      args: ['-g', 'daemon off;'],
      workingDir: '/srv',
      ports: [{ name: 'http', containerPort: 80, protocol: 'TCP' }],
      envFrom: [{ prefix: 'CFG_', configMapRef: { name: 'web-config', optional: true } }],
      env: [
        { name: 'PLAIN', value: 'x' },
        { name: 'FROM_SECRET', valueFrom: { secretKeyRef: { name: 's', key: 'k' } } },
        { name: 'NODE', valueFrom: { fieldRef: { apiVersion: 'v1', fieldPath: 'spec.nodeName' } } },
        {
          name: 'MEM',
          valueFrom: { resourceFieldRef: { containerName: 'nginx', resource: 'limits.memory', divisor: '1Mi' } },
        },
      ],
      resources: { limits: { cpu: '500m', memory: '128Mi' }, requests: { cpu: '100m', memory: '64Mi' } },
      volumeMounts: [{ name: 'config', readOnly: true, mountPath: '/etc/web' }],
      livenessProbe: {
        httpGet: { path: '/healthz', port: 'http', scheme: 'HTTP', httpHeaders: [{ name: 'X', value: 'y' }] },
        initialDelaySeconds: 5,
        timeoutSeconds: 1,
        periodSeconds: 10,
        successThreshold: 1,
        failureThreshold: 3,
      },
      readinessProbe: { tcpSocket: { port: 80 }, periodSeconds: 5 },
      startupProbe: { exec: { command: ['cat', '/tmp/ready'] }, failureThreshold: 30 },
      lifecycle: { preStop: { sleep: { seconds: 5 } } },
      terminationMessagePath: '/dev/termination-log',
      terminationMessagePolicy: 'File',
      imagePullPolicy: 'IfNotPresent',
      securityContext: {
        capabilities: { add: ['NET_BIND_SERVICE'], drop: ['ALL'] },
        privileged: false,
        runAsUser: 0,
        runAsNonRoot: false,
        readOnlyRootFilesystem: true,
        allowPrivilegeEscalation: false,
        seccompProfile: { type: 'RuntimeDefault' },
      },
      stdin: true,
      tty: true,
    },
  ],
  restartPolicy: 'Always',
  terminationGracePeriodSeconds: 30,
  dnsPolicy: 'ClusterFirst',
  nodeSelector: { 'kubernetes.io/os': 'linux' },
  serviceAccountName: 'web',
  hostNetwork: true,
  securityContext: { runAsGroup: 1000, fsGroup: 2000, sysctls: [{ name: 'net.core.somaxconn', value: '1024' }] },
  imagePullSecrets: [{ name: 'registry' }],
  affinity: {
    nodeAffinity: {
      requiredDuringSchedulingIgnoredDuringExecution: {
        nodeSelectorTerms: [{ matchExpressions: [{ key: 'zone', operator: 'In', values: ['a', 'b'] }] }],
      },
    },
    podAntiAffinity: {
      preferredDuringSchedulingIgnoredDuringExecution: [
        {
          weight: 100,
          podAffinityTerm: { labelSelector: { matchLabels: { app: 'web' } }, topologyKey: 'kubernetes.io/hostname' },
        },
      ],
    },
  },
  schedulerName: 'default-scheduler',
  tolerations: [
    { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
  ],
  hostAliases: [{ ip: '10.0.0.1', hostnames: ['db'] }],
  priorityClassName: 'high',
  priority: 1000,
  dnsConfig: { nameservers: ['1.1.1.1'], options: [{ name: 'ndots', value: '2' }] },
  enableServiceLinks: false,
  topologySpreadConstraints: [
    {
      maxSkew: 1,
      topologyKey: 'zone',
      whenUnsatisfiable: 'DoNotSchedule',
      labelSelector: { matchLabels: { app: 'web' } },
    },
  ],
};

describe('protobuf round trips: workloads', () => {
  it('a Deployment with a full pod template', () => {
    roundTrip({
      kind: 'Deployment',
      apiVersion: 'apps/v1',
      metadata,
      spec: {
        replicas: 0,
        selector: { matchLabels: { app: 'web' }, matchExpressions: [{ key: 'tier', operator: 'Exists' }] },
        template: { metadata: { labels: { app: 'web' } }, spec: podSpec },
        strategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 0, maxSurge: '25%' } },
        minReadySeconds: 5,
        revisionHistoryLimit: 10,
        progressDeadlineSeconds: 600,
      },
      status: {
        observedGeneration: 3,
        replicas: 1,
        updatedReplicas: 1,
        readyReplicas: 1,
        availableReplicas: 1,
        conditions: [
          {
            type: 'Available',
            status: 'True',
            lastUpdateTime: '2024-01-02T03:04:05Z',
            lastTransitionTime: '2024-01-02T03:04:05Z',
            reason: 'MinimumReplicasAvailable',
            message: 'Deployment has minimum availability.',
          },
        ],
      },
    });
  });

  it('a Pod with ephemeral containers, status and a deletion timestamp', () => {
    roundTrip({
      kind: 'Pod',
      apiVersion: 'v1',
      metadata: {
        name: 'p',
        namespace: 'default',
        deletionTimestamp: '1970-01-01T00:00:00Z',
        deletionGracePeriodSeconds: 0,
      },
      spec: {
        ...podSpec,
        ephemeralContainers: [{ name: 'debug', image: 'busybox', resources: {}, targetContainerName: 'nginx' }],
      },
      status: {
        phase: 'Running',
        conditions: [
          {
            type: 'Ready',
            status: 'True',
            lastProbeTime: '2024-05-06T07:08:09Z',
            lastTransitionTime: '2024-05-06T07:08:09Z',
          },
        ],
        hostIP: '10.0.0.2',
        podIP: '10.244.0.5',
        podIPs: [{ ip: '10.244.0.5' }],
        startTime: '2024-05-06T07:08:09Z',
        containerStatuses: [
          {
            name: 'nginx',
            state: { running: { startedAt: '2024-05-06T07:08:09Z' } },
            lastState: {
              terminated: {
                exitCode: 137,
                reason: 'OOMKilled',
                startedAt: '2024-05-06T07:00:00Z',
                finishedAt: '2024-05-06T07:08:00Z',
              },
            },
            ready: true,
            restartCount: 1,
            image: 'nginx:1.27',
            imageID: 'docker.io/library/nginx@sha256:abc',
            containerID: 'containerd://123',
            started: true,
          },
        ],
        qosClass: 'Burstable',
      },
    });
  });

  it('a CronJob', () => {
    roundTrip({
      kind: 'CronJob',
      apiVersion: 'batch/v1',
      metadata: { name: 'cj', namespace: 'default' },
      spec: {
        schedule: '*/5 * * * *',
        timeZone: 'Etc/UTC',
        startingDeadlineSeconds: 100,
        concurrencyPolicy: 'Forbid',
        suspend: false,
        jobTemplate: {
          metadata: { name: 'cj', labels: { job: 'cj' } },
          spec: {
            parallelism: 1,
            completions: 1,
            activeDeadlineSeconds: 60,
            podFailurePolicy: { rules: [{ action: 'FailJob', onExitCodes: { operator: 'In', values: [42] } }] },
            backoffLimit: 6,
            ttlSecondsAfterFinished: 100,
            completionMode: 'NonIndexed',
            template: {
              metadata: {},
              spec: {
                containers: [{ name: 'c', image: 'busybox', command: ['echo', 'hi'], resources: {} }],
                restartPolicy: 'OnFailure',
              },
            },
          },
        },
        successfulJobsHistoryLimit: 3,
        failedJobsHistoryLimit: 1,
      },
      status: {
        active: [{ kind: 'Job', namespace: 'default', name: 'cj-1', uid: 'u' }],
        lastScheduleTime: '2024-01-02T03:05:00Z',
      },
    });
  });
});
