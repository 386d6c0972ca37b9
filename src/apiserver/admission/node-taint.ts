/**
 * Upstream's TaintNodesByCondition plugin: a Node is created tainted `node.kubernetes.io/not-ready`
 * (NoSchedule), so that nothing is scheduled to it before the node lifecycle controller has seen
 * it report Ready and lifted the taint.
 */
import type { AdmissionPlugin } from './chain.js';

const NOT_READY = { key: 'node.kubernetes.io/not-ready', effect: 'NoSchedule' };

export const taintNodesByCondition: AdmissionPlugin = {
  name: 'TaintNodesByCondition',
  admit(a) {
    if (a.operation !== 'CREATE' || a.subresource || a.info.group !== '' || a.info.resource !== 'nodes') return;
    const spec = (a.object!.spec ??= {});
    const taints: { key: string; effect: string }[] = (spec.taints ??= []);
    if (!taints.some((t) => t.key === NOT_READY.key && t.effect === NOT_READY.effect)) taints.push({ ...NOT_READY });
  },
};
