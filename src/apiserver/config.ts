/** `k8ts apiserver`'s configuration, one field per kube-apiserver flag it takes. */
export interface ApiServerConfig {
  etcdServers: string[];
  etcdPrefix: string;
  etcdCafile?: string;
  etcdCertfile?: string;
  etcdKeyfile?: string;
  securePort: number;
  bindAddress: string;
  advertiseAddress: string;
  certDir: string;
  tlsCertFile?: string;
  tlsPrivateKeyFile?: string;
  serviceClusterIpRange: string;
  serviceNodePortRange: string;
  authorizationMode: string;
  anonymousAuth: boolean;
  /** CA bundle client certificates are verified against; the certificate's CN is the user, its O the groups. */
  clientCaFile?: string;
  /** Static bearer tokens, one `token,user,uid,"group1,group2"` line each. */
  tokenAuthFile?: string;
  /** Private key service-account tokens are signed with; without it TokenRequest is not served. */
  serviceAccountSigningKeyFile?: string;
  /** Public keys service-account tokens are verified with (the signing key's own is always one). */
  serviceAccountKeyFile?: string[];
  /** The `iss` of service-account tokens. */
  serviceAccountIssuer: string;
  /** Audiences the API accepts; the issuer when none are given. */
  apiAudiences?: string[];
  /** audit.k8s.io/v1 Policy: what is recorded of each request (`--audit-policy-file`). */
  auditPolicyFile?: string;
  /** Where audit events go, one JSON line each; `-` is standard output (`--audit-log-path`). */
  auditLogPath?: string;
  /** Days to keep rotated audit logs (`--audit-log-maxage`). */
  auditLogMaxage?: number;
  /** Rotated audit logs to keep (`--audit-log-maxbackup`). */
  auditLogMaxbackup?: number;
  /** Megabytes an audit log grows to before it is rotated (`--audit-log-maxsize`). */
  auditLogMaxsize?: number;
  /** `json` (default) or `legacy` (`--audit-log-format`). */
  auditLogFormat?: string;
  /** EncryptionConfiguration file: how resources are encrypted at rest (`--encryption-provider-config`). */
  encryptionProviderConfig?: string;
  /** Admission plugins to run besides the default-on ones (`--enable-admission-plugins`). */
  enableAdmissionPlugins?: string[];
  /** Default-on admission plugins not to run (`--disable-admission-plugins`). */
  disableAdmissionPlugins?: string[];
  maxRequestsInflight: number;
  maxMutatingRequestsInflight: number;
  /**
   * The most streams a client may have open at once on one HTTP/2 connection
   * (`--http2-max-streams-per-connection`; 0, the default, means 100, as upstream's server).
   */
  http2MaxStreamsPerConnection: number;
  /** API Priority and Fairness (`--enable-priority-and-fairness`, true): see src/apiserver/flowcontrol.ts. */
  enablePriorityAndFairness: boolean;
  /** Seconds events are kept (`--event-ttl`, 1h). */
  eventTtlSeconds: number;
  /** Seconds between compactions of etcd's history (`--etcd-compaction-interval`, 5m; 0: never). */
  etcdCompactionIntervalSeconds: number;
  /** Seconds a request other than a watch may take before it is answered 504 (`--request-timeout`, 1m). */
  requestTimeoutSeconds: number;
}

export const DEFAULTS: ApiServerConfig = {
  etcdServers: ['http://127.0.0.1:2379'],
  etcdPrefix: '/registry',
  securePort: 6443,
  bindAddress: '0.0.0.0',
  advertiseAddress: '',
  certDir: '/var/run/kubernetes',
  serviceClusterIpRange: '10.96.0.0/12',
  serviceNodePortRange: '30000-32767',
  authorizationMode: 'AlwaysAllow',
  anonymousAuth: true,
  serviceAccountIssuer: 'https://kubernetes.default.svc.cluster.local',
  maxRequestsInflight: 400,
  maxMutatingRequestsInflight: 200,
  http2MaxStreamsPerConnection: 0,
  enablePriorityAndFairness: true,
  eventTtlSeconds: 3600,
  etcdCompactionIntervalSeconds: 300,
  requestTimeoutSeconds: 60,
};
