import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { applyDefaults } from '../defaults/index.js';
import { validate } from './index.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Any = any;
const check = (group: string, resource: string, o: Any) => {
  applyDefaults(group, resource, o);
  return validate(group, resource, o).map(String);
};

describe('horizontal pod autoscalers', () => {
  it('checks horizontal pod autoscalers', () => {
    const hpa = {
      apiVersion: 'autoscaling/v2',
      metadata: { name: 'h', namespace: 'd' },
      spec: {
        minReplicas: 3,
        maxReplicas: 2,
        scaleTargetRef: { kind: 'Deployment', name: 'web' },
        metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization' } } }],
      },
    };
    assert.deepEqual(check('autoscaling', 'horizontalpodautoscalers', hpa), [
      'spec.maxReplicas: Invalid value: 2: must be greater than or equal to `minReplicas`',
      'spec.metrics[0].resource.target.averageUtilization: Required value: must set either a target raw value or a target utilization',
    ]);
  });
});
