/**
 * `RestConfig`: everything a `RestClient` needs to reach one apiserver as one user — client-go's
 * `rest.Config`, reduced to what k8ts speaks. Made by hand, from a kubeconfig
 * (`../kubeconfig/`), or from a pod's service account (`inClusterConfig`).
 */

/** client-go's default client-side rate limit: 5 queries per second… */
export const DEFAULT_QPS = 5;
/** …with bursts of up to 10. */
export const DEFAULT_BURST = 10;
/** client-go's `maxRetries` default: a request is retried at most 10 times. */
export const DEFAULT_MAX_RETRIES = 10;

/** Who the requests act as, sent as `Impersonate-*` headers (kubeconfig `as`, `as-groups`, `as-uid`). */
export interface ImpersonationConfig {
  userName: string;
  uid?: string;
  groups?: string[];
}

/** How to reach and authenticate to one apiserver. Data fields override their file counterparts. */
export interface RestConfig {
  /** The apiserver's base URL, `https://host:port` (a path is kept as a prefix of every request). */
  server: string;
  /** The name to verify the serving certificate against (kubeconfig `tls-server-name`); the host when unset. */
  tlsServerName?: string;
  /** PEM CA bundle file to verify the server with (kubeconfig `certificate-authority`). */
  caFile?: string;
  /** PEM CA bundle (kubeconfig `certificate-authority-data`, decoded). */
  caData?: Buffer | string;
  /** Skip verifying the server's certificate (kubeconfig `insecure-skip-tls-verify`). */
  insecureSkipTlsVerify?: boolean;
  /** PEM client certificate file (kubeconfig `client-certificate`). */
  certFile?: string;
  /** PEM client certificate (kubeconfig `client-certificate-data`, decoded). */
  certData?: Buffer | string;
  /** PEM client key file (kubeconfig `client-key`). */
  keyFile?: string;
  /** PEM client key (kubeconfig `client-key-data`, decoded). */
  keyData?: Buffer | string;
  /** Bearer token sent as `Authorization: Bearer …`. */
  bearerToken?: string;
  /** File holding the bearer token; re-read every minute, as client-go does (projected tokens rotate). */
  bearerTokenFile?: string;
  /**
   * Called before each request for the bearer token (client-go's `WrapTransport` with a token
   * source); it caches and refreshes as it sees fit. Takes precedence over the other token fields.
   */
  tokenSource?: () => Promise<string>;
  /** HTTP basic auth user name (kubeconfig `username`). */
  username?: string;
  /** HTTP basic auth password (kubeconfig `password`). */
  password?: string;
  /** Impersonation headers to send with every request. */
  impersonate?: ImpersonationConfig;
  /** The namespace of the kubeconfig context (or the pod's); `default` when it names none. */
  namespace?: string;
  /** `User-Agent` of every request; `defaultUserAgent()` when unset. */
  userAgent?: string;
  /** Client-side rate limit in queries per second; 0 or unset is `DEFAULT_QPS`, negative disables. */
  qps?: number;
  /** Token bucket size; 0 or unset is `DEFAULT_BURST`. */
  burst?: number;
  /** Default timeout of each non-watch request in milliseconds; none when unset. */
  timeoutMs?: number;
  /** Retries of one request (throttling, Retry-After and connection errors); `DEFAULT_MAX_RETRIES` when unset. */
  maxRetries?: number;
}

const GO_ARCH: Record<string, string> = { x64: 'amd64', ia32: '386', arm64: 'arm64', arm: 'arm' };

/**
 * client-go's default User-Agent shape, `<program>/<version> (<os>/<arch>) kubernetes/<commit>`,
 * with k8ts as the program.
 */
export function defaultUserAgent(program = 'k8ts', version = 'v0.1.0'): string {
  const arch = GO_ARCH[process.arch] ?? process.arch;
  return `${program}/${version} (${process.platform}/${arch}) kubernetes/unknown`;
}
