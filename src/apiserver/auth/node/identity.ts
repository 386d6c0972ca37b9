/**
 * Who is a node (upstream's pkg/auth/nodeidentifier `defaultNodeIdentifier`): a user in the
 * `system:nodes` group whose name is `system:node:<nodeName>`.
 */
import type { UserInfo } from '../rbac/types.js';

/** The group every kubelet credential carries (upstream's `user.NodesGroup`). */
export const NODES_GROUP = 'system:nodes';

/** The prefix of node user names: `system:node:<nodeName>`. */
export const NODE_USER_PREFIX = 'system:node:';

/**
 * The node a user is, as upstream's `NodeIdentity` answers it: `undefined` when the user is not a
 * node (wrong name prefix, or not in `system:nodes`); otherwise the name after the prefix, which is
 * `''` for the user `system:node:` (a node that cannot be identified).
 */
export function nodeIdentity(user: UserInfo | undefined | null): string | undefined {
  if (!user) return undefined;
  const name = user.name ?? '';
  if (!name.startsWith(NODE_USER_PREFIX)) return undefined;
  if (!(user.groups ?? []).includes(NODES_GROUP)) return undefined;
  return name.slice(NODE_USER_PREFIX.length);
}
