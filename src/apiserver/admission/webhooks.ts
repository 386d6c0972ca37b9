/**
 * Upstream's MutatingAdmissionWebhook and ValidatingAdmissionWebhook plugins: the webhook
 * configurations in the watch caches decide which HTTPS webhooks see a write, as an
 * AdmissionReview of the object in the version the client used; mutating webhooks' patches come
 * back into the object. The calls themselves are in `webhook/`. A webhook behind a Service is
 * reached at the Service's endpoints (kube-apiserver's `--enable-aggregator-routing`), since the
 * apiserver here is not on the cluster network.
 */
import { apiVersionOf, type ResourceInfo } from '../../api/resources.js';
import { convert } from '../../api/conversion/index.js';
import type { KObject } from '../cacher/types.js';
import type { Registry } from '../registry/registry.js';
import type { AdmissionPlugin, Attributes } from './chain.js';
import { runMutating, runValidating, type WebhookAttributes, type WebhookDeps } from './webhook/index.js';
import { listed, namespaceOf } from './lookups.js';

const GROUP = 'admissionregistration.k8s.io';

/** The object as the client sent it (the request's version), and back to how it is stored. */
const served = (obj: KObject | undefined, info: ResourceInfo) => (obj ? convert(obj, apiVersionOf(info)) : obj);

function attributes(a: Attributes): WebhookAttributes {
  return {
    operation: a.operation,
    kind: { group: a.info.group, version: a.info.version, kind: a.info.kind },
    resource: { group: a.info.group, version: a.info.version, resource: a.info.resource },
    subresource: a.subresource,
    name: a.name || a.object?.metadata?.name || '',
    namespace: a.namespace,
    object: served(a.object, a.info),
    oldObject: served(a.oldObject, a.info),
    userInfo: { username: a.user.name, uid: a.user.uid, groups: a.user.groups, extra: a.user.extra },
    dryRun: a.dryRun,
    options: a.options,
  };
}

function deps(registry: Registry): WebhookDeps {
  return {
    namespaceLabels: async (name) => {
      const ns = await namespaceOf(registry, name);
      return ns ? (ns.metadata?.labels ?? {}) : undefined;
    },
    resolveService: async (namespace, name, port) => {
      const services = registry.store('', 'services')!;
      const svc = services.cacher.get(services.key(namespace, name))?.obj;
      if (!svc) throw new Error(`service "${name}" not found`);
      const svcPort = (svc.spec?.ports ?? []).find((p: KObject) => p.port === port);
      if (!svcPort) throw new Error(`no service port ${port} found for service "${name}"`);
      const endpoints = registry.store('', 'endpoints')!;
      const ep = endpoints.cacher.get(endpoints.key(namespace, name))?.obj;
      for (const subset of ep?.subsets ?? []) {
        const epPort = (subset.ports ?? []).find(
          (p: KObject) => (p.name ?? '') === (svcPort.name ?? '') || subset.ports.length === 1,
        );
        const address = subset.addresses?.[0]?.ip;
        if (epPort && address) return `https://${address.includes(':') ? `[${address}]` : address}:${epPort.port}`;
      }
      throw new Error(`no endpoints available for service "${name}"`);
    },
  };
}

export function mutatingWebhooks(registry: Registry): AdmissionPlugin {
  const d = deps(registry);
  return {
    name: 'MutatingAdmissionWebhook',
    async admit(a) {
      const configs = listed(registry, GROUP, 'mutatingwebhookconfigurations', '');
      if (!configs.length) return;
      const result = await runMutating(configs, attributes(a), d);
      a.warnings.push(...result.warnings);
      Object.assign(a.auditAnnotations, result.auditAnnotations);
      if (!result.changed || !result.object) return;
      // Back to the stored version, with its defaults, as upstream decodes a patched object.
      const store = registry.store(a.info.group, a.info.resource);
      const stored = convert(result.object as KObject, apiVersionOf(store?.info ?? a.info));
      store?.strategy.defaults?.(stored, a.info.version);
      a.object = stored;
    },
  };
}

export function validatingWebhooks(registry: Registry): AdmissionPlugin {
  const d = deps(registry);
  return {
    name: 'ValidatingAdmissionWebhook',
    async validate(a) {
      const configs = listed(registry, GROUP, 'validatingwebhookconfigurations', '');
      if (!configs.length) return;
      const result = await runValidating(configs, attributes(a), d);
      a.warnings.push(...result.warnings);
      Object.assign(a.auditAnnotations, result.auditAnnotations);
    },
  };
}
