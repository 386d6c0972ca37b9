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

describe('protobuf round trips', () => {
  it('a Secret with binary data', () => {
    const bytes = Buffer.from([0, 1, 2, 0xfe, 0xff, 0x80, 0x7f]);
    roundTrip({
      kind: 'Secret',
      apiVersion: 'v1',
      metadata: { name: 's', namespace: 'default' },
      immutable: false,
      data: { bin: bytes.toString('base64'), empty: '', text: Buffer.from('hunter2').toString('base64') },
      type: 'Opaque',
    });
  });

  it('a ConfigMap with data and binaryData', () => {
    roundTrip({
      kind: 'ConfigMap',
      apiVersion: 'v1',
      metadata: { name: 'c' },
      data: { 'a.txt': 'hello\nworld', z: '' },
      binaryData: { 'b.bin': Buffer.from([0xde, 0xad, 0xbe, 0xef]).toString('base64') },
    });
  });

  it('a Service with an IntOrString targetPort of both kinds', () => {
    roundTrip({
      kind: 'Service',
      apiVersion: 'v1',
      metadata: { name: 'svc' },
      spec: {
        ports: [
          { name: 'http', protocol: 'TCP', port: 80, targetPort: 8080, nodePort: 30080 },
          { name: 'https', protocol: 'TCP', appProtocol: 'https', port: 443, targetPort: 'https' },
        ],
        selector: { app: 'web' },
        clusterIP: '10.96.0.10',
        clusterIPs: ['10.96.0.10'],
        type: 'NodePort',
        sessionAffinity: 'ClientIP',
        sessionAffinityConfig: { clientIP: { timeoutSeconds: 10800 } },
        externalTrafficPolicy: 'Local',
        ipFamilies: ['IPv4'],
        ipFamilyPolicy: 'SingleStack',
        internalTrafficPolicy: 'Cluster',
      },
      status: { loadBalancer: { ingress: [{ ip: '1.2.3.4', ipMode: 'VIP', ports: [{ port: 80, protocol: 'TCP' }] }] } },
    });
  });

  it('an autoscaling/v2 HorizontalPodAutoscaler with metrics and behavior', () => {
    roundTrip({
      kind: 'HorizontalPodAutoscaler',
      apiVersion: 'autoscaling/v2',
      metadata: { name: 'web' },
      spec: {
        scaleTargetRef: { kind: 'Deployment', name: 'web', apiVersion: 'apps/v1' },
        minReplicas: 1,
        maxReplicas: 10,
        metrics: [
          { type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 80 } } },
          {
            type: 'Pods',
            pods: {
              metric: { name: 'rps', selector: { matchLabels: { a: 'b' } } },
              target: { type: 'AverageValue', averageValue: '1k' },
            },
          },
          {
            type: 'External',
            external: { metric: { name: 'queue' }, target: { type: 'Value', value: '30' } },
          },
        ],
        behavior: {
          scaleDown: {
            stabilizationWindowSeconds: 300,
            selectPolicy: 'Max',
            policies: [{ type: 'Percent', value: 100, periodSeconds: 15 }],
          },
        },
      },
      status: {
        currentReplicas: 1,
        desiredReplicas: 2,
        currentMetrics: [
          { type: 'Resource', resource: { name: 'cpu', current: { averageValue: '250m', averageUtilization: 90 } } },
        ],
        conditions: [{ type: 'AbleToScale', status: 'True', lastTransitionTime: '2024-01-02T03:04:05Z', reason: 'Ok' }],
      },
    });
  });
});
