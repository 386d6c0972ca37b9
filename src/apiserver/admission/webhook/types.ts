/**
 * The shapes the webhook admission plugins work with: the attributes of one request (upstream's
 * `admission.Attributes`, as webhooks see them), the callbacks the caller provides, the flattened
 * list of webhooks (upstream's `WebhookAccessor`) and what a matching webhook is called with
 * (upstream's `WebhookInvocation`).
 */
import type {
  MutatingWebhook,
  MutatingWebhookConfiguration,
  ValidatingWebhook,
  ValidatingWebhookConfiguration,
} from 'kubernetes-types/admissionregistration/v1.js';
import { isQualifiedName } from '../../../machinery/validation/names.js';
import type { WebhookClients } from './client.js';

export type Operation = 'CREATE' | 'UPDATE' | 'DELETE' | 'CONNECT';

export interface GroupVersionKind {
  group: string;
  version: string;
  kind: string;
}

export interface GroupVersionResource {
  group: string;
  version: string;
  resource: string;
}

/** A decoded JSON object (a Kubernetes object, CreateOptions, …). */
export type JsonObject = Record<string, unknown>;

/** authentication.k8s.io/v1 UserInfo, as AdmissionRequest.userInfo carries it. */
export interface WebhookUserInfo {
  username: string;
  uid?: string;
  groups?: string[];
  extra?: Record<string, string[]>;
}

/**
 * One request as admission webhooks see it. `object` and `oldObject` are the objects in the
 * requested version (they are sent as they are; nothing is converted). For a Namespace itself,
 * `namespace` is its name (as upstream sets it); when left empty, `name` is used.
 */
export interface WebhookAttributes {
  operation: Operation;
  kind: GroupVersionKind;
  resource: GroupVersionResource;
  subresource?: string;
  name?: string;
  namespace?: string;
  /** The new object (CREATE, UPDATE; none for DELETE). */
  object?: JsonObject | null;
  /** The stored object (UPDATE, DELETE). */
  oldObject?: JsonObject | null;
  userInfo: WebhookUserInfo;
  dryRun?: boolean;
  /** CreateOptions, UpdateOptions or DeleteOptions (meta.k8s.io/v1), sent as request.options. */
  options?: JsonObject | null;
}

/** What the plugins need from the apiserver; everything is optional. */
export interface WebhookDeps {
  /**
   * The labels of a namespace, or undefined when it does not exist (a 404 NotFound, as upstream).
   * Needed only by webhooks with a non-empty namespaceSelector.
   */
  namespaceLabels?: (name: string) => Promise<Record<string, string> | undefined>;
  /**
   * The base URL (`https://10.0.0.7:8443`) that a `clientConfig.service` reference reaches; the
   * TLS server name stays `<name>.<namespace>.svc`. Default: `https://<name>.<namespace>.svc:<port>`.
   */
  resolveService?: (namespace: string, name: string, port: number) => Promise<string>;
  /** The client (keep-alive agent) cache; default: one shared by the process. */
  clients?: WebhookClients;
}

export type AnyWebhook = MutatingWebhook | ValidatingWebhook;
export type AnyWebhookConfiguration = MutatingWebhookConfiguration | ValidatingWebhookConfiguration;

/** One webhook of one configuration, in dispatch order (upstream's WebhookAccessor). */
export interface HookEntry<W extends AnyWebhook = AnyWebhook> {
  /** `<configuration>/<webhook>/<n>`: n counts earlier webhooks of the same name in the configuration. */
  uid: string;
  configurationName: string;
  /** Position in the flattened list (the `index_<i>` of audit annotation keys). */
  index: number;
  webhook: W;
}

/** What a matching webhook is called with: the resource and kind it asked for. */
export interface Invocation {
  resource: GroupVersionResource;
  subresource: string;
  kind: GroupVersionKind;
}

/** Warnings and audit annotations gathered while dispatching. */
export interface DispatchNotes {
  /** Texts for `Warning: 299 - "<text>"` headers, in webhook order, without duplicates. */
  warnings: string[];
  /** Audit annotations: `<webhook name>/<key>` from responses, plus upstream's own keys. */
  auditAnnotations: Record<string, string>;
}

/**
 * Configurations flattened in upstream's order: configurations sorted by name (stably), then each
 * configuration's webhooks in order.
 */
export function flattenHooks<W extends AnyWebhook>(
  configs: readonly { metadata?: { name?: string }; webhooks?: W[] }[],
): HookEntry<W>[] {
  const sorted = [...configs].sort((a, b) => {
    const x = a.metadata?.name ?? '';
    const y = b.metadata?.name ?? '';
    return x < y ? -1 : x > y ? 1 : 0;
  });
  const out: HookEntry<W>[] = [];
  for (const c of sorted) {
    const configurationName = c.metadata?.name ?? '';
    const seen = new Map<string, number>();
    for (const webhook of c.webhooks ?? []) {
      const n = seen.get(webhook.name) ?? 0;
      seen.set(webhook.name, n + 1);
      out.push({ uid: `${configurationName}/${webhook.name}/${n}`, configurationName, index: out.length, webhook });
    }
  }
  return out;
}

/** Adds a warning unless it is blank or already there. */
export function addWarning(notes: DispatchNotes, text: string): void {
  if (text.trim() !== '' && !notes.warnings.includes(text)) notes.warnings.push(text);
}

/**
 * Adds an audit annotation as upstream's `AddAnnotation`: the key must be a qualified name, and the
 * first value of a key wins (a later, different value is dropped, as upstream logs and drops it).
 */
export function addAnnotation(notes: DispatchNotes, key: string, value: string): void {
  if (isQualifiedName(key).length > 0) return;
  if (!Object.hasOwn(notes.auditAnnotations, key)) notes.auditAnnotations[key] = value;
}

/** `deps` with namespace labels looked up at most once per namespace (for one dispatch). */
export function withNamespaceLabelCache(deps: WebhookDeps): WebhookDeps {
  const lookup = deps.namespaceLabels;
  if (!lookup) return deps;
  const seen = new Map<string, Promise<Record<string, string> | undefined>>();
  const namespaceLabels = (name: string) => {
    let p = seen.get(name);
    if (!p) seen.set(name, (p = lookup(name)));
    return p;
  };
  return { ...deps, namespaceLabels };
}
