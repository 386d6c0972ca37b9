/**
 * The root CA publisher (upstream's pkg/controller/certificates/rootcacertpublisher): every
 * namespace has the ConfigMap `kube-root-ca.crt` holding the cluster CA under `ca.crt`, which the
 * projected service-account volume mounts; edits are put back and deletions undone.
 */
import { readFileSync } from 'node:fs';
import type { ConfigMap, Namespace } from 'kubernetes-types/core/v1.js';
import { Controller } from '../../client/controller/controller.js';
import { isAlreadyExists, isNotFound } from '../../machinery/errors.js';
import { RESOURCES, clientOf, informerOf, type ControllerContext, type ControllerDescriptor } from '../context.js';

export const ROOT_CA_CONFIGMAP = 'kube-root-ca.crt';
export const DESCRIPTION_ANNOTATION = 'kubernetes.io/description';
export const DESCRIPTION =
  'Contains a CA bundle that can be used to verify the kube-apiserver when using internal endpoints such as the internal service IP or kubernetes.default.svc. No other usage is guaranteed across distributions of Kubernetes clusters.';

/** `--root-ca-file`, else the CA the manager's own kubeconfig trusts (as upstream falls back). */
function rootCA(ctx: ControllerContext): string | undefined {
  if (ctx.options.rootCAFile) return readFileSync(ctx.options.rootCAFile, 'utf8');
  const ca = ctx.client.config.caData;
  return ca === undefined ? undefined : Buffer.isBuffer(ca) ? ca.toString('utf8') : ca;
}

export const rootCACertPublisher: ControllerDescriptor = {
  name: 'root-ca-certificate-publisher-controller',
  aliases: ['root-ca-cert-publisher'],
  init(ctx) {
    const namespaces = informerOf<Namespace>(ctx, RESOURCES.namespaces);
    const configMaps = informerOf<ConfigMap>(ctx, RESOURCES.configmaps);
    const client = clientOf<ConfigMap>(ctx, RESOURCES.configmaps);
    const ca = rootCA(ctx);
    const controller = new Controller({
      name: 'root_ca_cert_publisher',
      metricsProvider: ctx.metricsProvider,
      clock: ctx.clock,
      async reconcile(ns) {
        const namespace = namespaces.lister.get(undefined, ns);
        if (!namespace || namespace.metadata?.deletionTimestamp || ca === undefined) return;
        const cm = configMaps.lister.get(ns, ROOT_CA_CONFIGMAP);
        const data = { 'ca.crt': ca };
        if (!cm) {
          try {
            await client.create(
              {
                apiVersion: 'v1',
                kind: 'ConfigMap',
                metadata: {
                  name: ROOT_CA_CONFIGMAP,
                  namespace: ns,
                  annotations: { [DESCRIPTION_ANNOTATION]: DESCRIPTION },
                },
                data,
              },
              { namespace: ns },
            );
          } catch (err) {
            if (!isAlreadyExists(err) && !isNotFound(err) && !/being terminated/.test(String(err))) throw err;
          }
          return;
        }
        const same = cm.data?.['ca.crt'] === ca && Object.keys(cm.data ?? {}).length === 1 && !cm.binaryData;
        if (same && cm.metadata?.annotations?.[DESCRIPTION_ANNOTATION] === DESCRIPTION) return;
        await client.update({
          ...cm,
          apiVersion: 'v1',
          kind: 'ConfigMap',
          metadata: {
            ...cm.metadata,
            annotations: { ...cm.metadata?.annotations, [DESCRIPTION_ANNOTATION]: DESCRIPTION },
          },
          data,
          binaryData: undefined,
        });
      },
    });
    controller.watch(namespaces, (n) => [n.metadata?.name ?? '']);
    controller.watch(configMaps, (cm) =>
      cm.metadata?.name === ROOT_CA_CONFIGMAP ? [cm.metadata.namespace ?? ''] : [],
    );
    return (signal) => controller.run(1, signal);
  },
};
