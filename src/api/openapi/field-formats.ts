/**
 * OpenAPI formats kubernetes-types cannot tell: its declarations say `number` for Go's int32,
 * int64 and float64 alike, and `string` for `[]byte`. Upstream 1.32 serves `integer`/`int32`
 * for most numbers; this table lists the fields that are `int64`, `double` (`type: number`) or
 * `byte` instead. For arrays and maps the format applies to the items or values.
 */
export type FieldFormat = 'int64' | 'double' | 'byte';

const listed = (format: FieldFormat, fields: string[]) => Object.fromEntries(fields.map((f) => [f, format]));
const int64 = (...fields: string[]) => listed('int64', fields);
const core = 'io.k8s.api.core.v1';
const meta = 'io.k8s.apimachinery.pkg.apis.meta.v1';
const apiextensions = 'io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1';
const observed = int64('observedGeneration');

/** Formats by upstream definition name, then field name. */
export const FIELD_FORMATS: Record<string, Record<string, FieldFormat>> = {
  [`${meta}.Condition`]: observed,
  [`${meta}.DeleteOptions`]: int64('gracePeriodSeconds'),
  [`${meta}.ListMeta`]: int64('remainingItemCount'),
  [`${meta}.ObjectMeta`]: int64('deletionGracePeriodSeconds', 'generation'),

  [`${core}.ConfigMap`]: listed('byte', ['binaryData']),
  [`${core}.ContainerImage`]: int64('sizeBytes'),
  [`${core}.LinuxContainerUser`]: int64('gid', 'supplementalGroups', 'uid'),
  [`${core}.PodSecurityContext`]: int64('fsGroup', 'runAsGroup', 'runAsUser', 'supplementalGroups'),
  [`${core}.PodSpec`]: int64('activeDeadlineSeconds', 'terminationGracePeriodSeconds'),
  [`${core}.Probe`]: int64('terminationGracePeriodSeconds'),
  [`${core}.ReplicationControllerStatus`]: observed,
  [`${core}.Secret`]: listed('byte', ['data']),
  [`${core}.SecurityContext`]: int64('runAsGroup', 'runAsUser'),
  [`${core}.ServiceAccountTokenProjection`]: int64('expirationSeconds'),
  [`${core}.SleepAction`]: int64('seconds'),
  [`${core}.Toleration`]: int64('tolerationSeconds'),

  'io.k8s.api.admissionregistration.v1.ValidatingAdmissionPolicyStatus': observed,
  'io.k8s.api.admissionregistration.v1.WebhookClientConfig': listed('byte', ['caBundle']),
  'io.k8s.api.apps.v1.ControllerRevision': int64('revision'),
  'io.k8s.api.apps.v1.DaemonSetStatus': observed,
  'io.k8s.api.apps.v1.DeploymentStatus': observed,
  'io.k8s.api.apps.v1.ReplicaSetStatus': observed,
  'io.k8s.api.apps.v1.StatefulSetStatus': observed,
  'io.k8s.api.authentication.v1.TokenRequestSpec': int64('expirationSeconds'),
  'io.k8s.api.autoscaling.v1.HorizontalPodAutoscalerStatus': observed,
  'io.k8s.api.autoscaling.v2.HorizontalPodAutoscalerStatus': observed,
  'io.k8s.api.batch.v1.CronJobSpec': int64('startingDeadlineSeconds'),
  'io.k8s.api.batch.v1.JobSpec': int64('activeDeadlineSeconds'),
  'io.k8s.api.certificates.v1.CertificateSigningRequestSpec': listed('byte', ['request']),
  'io.k8s.api.certificates.v1.CertificateSigningRequestStatus': listed('byte', ['certificate']),
  'io.k8s.api.policy.v1.PodDisruptionBudgetStatus': observed,
  'io.k8s.api.storage.v1.TokenRequest': int64('expirationSeconds'),

  [`${apiextensions}.JSONSchemaProps`]: {
    ...int64('maxItems', 'maxLength', 'maxProperties', 'minItems', 'minLength', 'minProperties'),
    ...listed('double', ['maximum', 'minimum', 'multipleOf']),
  },
  [`${apiextensions}.WebhookClientConfig`]: listed('byte', ['caBundle']),
};
