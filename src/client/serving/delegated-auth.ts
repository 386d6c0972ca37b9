/**
 * Delegated authentication and authorization for a component's secure port, after upstream's
 * `DelegatingAuthenticationOptions`/`DelegatingAuthorizationOptions`: a bearer token is checked
 * with a TokenReview, the request then with a SubjectAccessReview on its path; paths such as
 * /healthz are always allowed. Answers are cached for ten seconds.
 */
import type { RestClient } from '../rest/client.js';

export interface UserInfo {
  username: string;
  groups: string[];
  uid?: string;
}

export type AuthDecision = { allowed: true } | { allowed: false; code: 401 | 403; message: string };

const ANONYMOUS: UserInfo = { username: 'system:anonymous', groups: ['system:unauthenticated'] };
const TTL_MS = 10_000;

export class DelegatedAuth {
  private readonly tokens = new Map<string, { user: UserInfo | undefined; at: number }>();
  private readonly decisions = new Map<string, { allowed: boolean; at: number }>();

  constructor(
    private readonly client: RestClient,
    readonly alwaysAllowPaths: readonly string[] = ['/healthz', '/readyz', '/livez'],
  ) {}

  /** Decides on a GET of `path` with the given Authorization header. */
  async check(method: string, path: string, authorization: string | undefined): Promise<AuthDecision> {
    if (this.alwaysAllowPaths.some((p) => path === p || (p.endsWith('*') && path.startsWith(p.slice(0, -1)))))
      return { allowed: true };
    let user = ANONYMOUS;
    const token = /^Bearer\s+(\S+)$/i.exec(authorization ?? '')?.[1];
    if (token) {
      const u = await this.authenticate(token);
      if (!u) return { allowed: false, code: 401, message: 'Unauthorized' };
      user = u;
    }
    const verb = method.toLowerCase() === 'head' ? 'get' : method.toLowerCase();
    if (await this.authorize(user, verb, path)) return { allowed: true };
    return {
      allowed: false,
      code: 403,
      message: `forbidden: User "${user.username}" cannot ${verb} path "${path}"`,
    };
  }

  private async authenticate(token: string): Promise<UserInfo | undefined> {
    const hit = this.tokens.get(token);
    if (hit && Date.now() - hit.at < TTL_MS) return hit.user;
    const res = await this.client.request<{ status?: { authenticated?: boolean; user?: UserInfo } }>({
      method: 'POST',
      path: '/apis/authentication.k8s.io/v1/tokenreviews',
      body: { apiVersion: 'authentication.k8s.io/v1', kind: 'TokenReview', spec: { token } },
    });
    const st = res.body.status;
    const user = st?.authenticated && st.user ? { ...st.user, groups: st.user.groups ?? [] } : undefined;
    this.tokens.set(token, { user, at: Date.now() });
    return user;
  }

  private async authorize(user: UserInfo, verb: string, path: string): Promise<boolean> {
    const key = `${user.username}\x00${user.groups.join(',')}\x00${verb}\x00${path}`;
    const hit = this.decisions.get(key);
    if (hit && Date.now() - hit.at < TTL_MS) return hit.allowed;
    const res = await this.client.request<{ status?: { allowed?: boolean } }>({
      method: 'POST',
      path: '/apis/authorization.k8s.io/v1/subjectaccessreviews',
      body: {
        apiVersion: 'authorization.k8s.io/v1',
        kind: 'SubjectAccessReview',
        spec: { user: user.username, groups: user.groups, uid: user.uid, nonResourceAttributes: { path, verb } },
      },
    });
    const allowed = res.body.status?.allowed === true;
    this.decisions.set(key, { allowed, at: Date.now() });
    return allowed;
  }
}
