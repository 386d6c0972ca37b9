/**
 * `--use-service-account-credentials` (upstream's `SAControllerClientBuilder`): each controller
 * talks to the API as its own ServiceAccount in kube-system (`system:serviceaccount:kube-system:
 * deployment-controller`), so RBAC's `system:controller:*` roles bound to those accounts decide
 * what it may do. The account is made if missing; its token comes from the TokenRequest API and is
 * renewed when 80% of its life has passed.
 */
import type { ServiceAccount } from 'kubernetes-types/core/v1.js';
import { RestClient } from '../client/rest/client.js';
import type { RestConfig } from '../client/rest/config.js';
import { ResourceClient } from '../client/rest/resource-client.js';
import { isAlreadyExists, isNotFound } from '../machinery/errors.js';
import { RESOURCES } from './context.js';

/** Seconds a controller's token lives (upstream asks for an hour). */
export const TOKEN_EXPIRATION_SECONDS = 3600;

const NAMESPACE = 'kube-system';

/** A client that authenticates as `kube-system/<account>`, with `base`'s server, TLS and limits. */
export function serviceAccountClient(base: RestConfig, admin: RestClient, account: string): RestClient {
  const accounts = new ResourceClient<ServiceAccount>(admin, RESOURCES.serviceaccounts);
  let token: string | undefined;
  let renewAt = 0;
  let pending: Promise<string> | undefined;
  const fetchToken = async (): Promise<string> => {
    try {
      await accounts.get(account, { namespace: NAMESPACE });
    } catch (err) {
      if (!isNotFound(err)) throw err;
      try {
        await accounts.create({ metadata: { name: account, namespace: NAMESPACE } }, { namespace: NAMESPACE });
      } catch (e) {
        if (!isAlreadyExists(e)) throw e;
      }
    }
    const res = await admin.request<{ status?: { token?: string } }>({
      method: 'POST',
      path: `/api/v1/namespaces/${NAMESPACE}/serviceaccounts/${account}/token`,
      body: {
        apiVersion: 'authentication.k8s.io/v1',
        kind: 'TokenRequest',
        spec: { expirationSeconds: TOKEN_EXPIRATION_SECONDS },
      },
    });
    const t = res.body.status?.token;
    if (!t) throw new Error(`no token issued for service account ${NAMESPACE}/${account}`);
    token = t;
    renewAt = Date.now() + TOKEN_EXPIRATION_SECONDS * 800;
    return t;
  };
  const config: RestConfig = {
    server: base.server,
    tlsServerName: base.tlsServerName,
    caFile: base.caFile,
    caData: base.caData,
    insecureSkipTlsVerify: base.insecureSkipTlsVerify,
    qps: base.qps,
    burst: base.burst,
    timeoutMs: base.timeoutMs,
    userAgent: `${base.userAgent ?? 'kube-controller-manager'}/${account}`,
    tokenSource: () => {
      if (token && Date.now() < renewAt) return Promise.resolve(token);
      pending ??= fetchToken().finally(() => (pending = undefined));
      return pending;
    },
  };
  return new RestClient(config);
}
