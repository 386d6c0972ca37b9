/**
 * Tables for admissionregistration.k8s.io: webhook configurations (the number of WEBHOOKS) and
 * validating/mutating admission policies and their bindings.
 */
import type {
  MutatingWebhookConfiguration,
  ParamKind,
  ParamRef,
  ValidatingAdmissionPolicy,
  ValidatingAdmissionPolicyBinding,
  ValidatingWebhookConfiguration,
} from 'kubernetes-types/admissionregistration/v1.js';
import type { LabelSelector, ObjectMeta } from 'kubernetes-types/meta/v1.js';
import { ageColumn, column, nameColumn, printer } from './columns.js';
import { since } from './format.js';

/** admissionregistration.k8s.io/v1alpha1 MutatingAdmissionPolicy (1.32; not in kubernetes-types 1.30). */
export interface MutatingAdmissionPolicy {
  metadata?: ObjectMeta;
  spec?: { paramKind?: ParamKind; mutations?: unknown[] };
}

/** admissionregistration.k8s.io/v1alpha1 MutatingAdmissionPolicyBinding. */
export interface MutatingAdmissionPolicyBinding {
  metadata?: ObjectMeta;
  spec?: { policyName?: string; paramRef?: ParamRef };
}

const webhooksColumn = column(
  'Webhooks',
  'integer',
  'Webhooks indicates the number of webhooks registered in this configuration',
);

const webhookCells = (c: MutatingWebhookConfiguration | ValidatingWebhookConfiguration, now: Date): unknown[] => [
  c.metadata?.name ?? '',
  (c.webhooks ?? []).length,
  since(c.metadata?.creationTimestamp, now),
];

/** admissionregistration.k8s.io/v1 mutatingwebhookconfigurations. */
export const mutatingWebhookPrinter = printer<MutatingWebhookConfiguration>(
  [nameColumn, webhooksColumn, ageColumn],
  webhookCells,
);

/** admissionregistration.k8s.io/v1 validatingwebhookconfigurations. */
export const validatingWebhookPrinter = printer<ValidatingWebhookConfiguration>(
  [nameColumn, webhooksColumn, ageColumn],
  webhookCells,
);

const paramKindColumn = column(
  'ParamKind',
  'string',
  'ParamKind specifies the kind of resources used to parameterize this policy',
);

const paramKind = (k: ParamKind | undefined): string => (k ? `${k.apiVersion ?? ''}/${k.kind ?? ''}` : '<unset>');

/** admissionregistration.k8s.io/v1 validatingadmissionpolicies: the number of VALIDATIONS. */
export const validatingAdmissionPolicyPrinter = printer<ValidatingAdmissionPolicy>(
  [
    nameColumn,
    column(
      'Validations',
      'integer',
      'Validations indicates the number of validation rules defined in this configuration',
    ),
    paramKindColumn,
    ageColumn,
  ],
  (p, now) => [
    p.metadata?.name ?? '',
    (p.spec?.validations ?? []).length,
    paramKind(p.spec?.paramKind),
    since(p.metadata?.creationTimestamp, now),
  ],
);

/** admissionregistration.k8s.io/v1alpha1 mutatingadmissionpolicies: the number of MUTATIONS. */
export const mutatingAdmissionPolicyPrinter = printer<MutatingAdmissionPolicy>(
  [
    nameColumn,
    column('Mutations', 'integer', 'Mutation indicates the number of mutations rules defined in this configuration'),
    paramKindColumn,
    ageColumn,
  ],
  (p, now) => [
    p.metadata?.name ?? '',
    (p.spec?.mutations ?? []).length,
    paramKind(p.spec?.paramKind),
    since(p.metadata?.creationTimestamp, now),
  ],
);

/** The gogo-protobuf String() of a LabelSelector, which upstream prints for a selector paramRef. */
export function protoSelectorString(s: LabelSelector): string {
  const labels = Object.keys(s.matchLabels ?? {})
    .sort()
    .map((k) => `${k}: ${s.matchLabels![k]},`)
    .join('');
  const exprs = (s.matchExpressions ?? [])
    .map(
      (e) => `LabelSelectorRequirement{Key:${e.key},Operator:${e.operator},Values:[${(e.values ?? []).join(' ')}],},`,
    )
    .join('');
  return `&LabelSelector{MatchLabels:map[string]string{${labels}},MatchExpressions:[]LabelSelectorRequirement{${exprs}},}`;
}

/** A binding's PARAMREF: `namespace/name`, the name under a `*` namespace when none is set, or the selector. */
function paramRefName(ref: ParamRef | undefined): string {
  if (!ref) return '<unset>';
  if (ref.name) return ref.namespace ? `${ref.namespace}/${ref.name}` : `*/${ref.name}`;
  if (ref.selector) return protoSelectorString(ref.selector);
  return '<unset>';
}

const bindingColumns = [
  nameColumn,
  column('PolicyName', 'string', 'PolicyName indicates the policy definition which the policy binding binded to'),
  column('ParamRef', 'string', 'ParamRef indicates the param resource which sets the configration param'),
  ageColumn,
];

const bindingCells = (b: ValidatingAdmissionPolicyBinding | MutatingAdmissionPolicyBinding, now: Date): unknown[] => [
  b.metadata?.name ?? '',
  b.spec?.policyName ?? '',
  paramRefName(b.spec?.paramRef),
  since(b.metadata?.creationTimestamp, now),
];

/** admissionregistration.k8s.io/v1 validatingadmissionpolicybindings. */
export const validatingAdmissionPolicyBindingPrinter = printer<ValidatingAdmissionPolicyBinding>(
  bindingColumns,
  bindingCells,
);

/** admissionregistration.k8s.io/v1alpha1 mutatingadmissionpolicybindings. */
export const mutatingAdmissionPolicyBindingPrinter = printer<MutatingAdmissionPolicyBinding>(
  bindingColumns,
  bindingCells,
);
