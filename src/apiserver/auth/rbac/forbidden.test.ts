import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { forbiddenMessage, forbiddenStatusMessage } from './forbidden.js';
import { goQuote, goQuoteList } from './go-format.js';
import { req, u, urlReq } from './test-helpers.js';

const alice = u('alice', 'system:authenticated');

describe('forbiddenMessage', () => {
  it('names the namespace of a namespaced request', () => {
    assert.equal(
      forbiddenMessage(req(alice, 'list', 'pods', { namespace: 'default' })),
      'User "alice" cannot list resource "pods" in API group "" in the namespace "default"',
    );
  });

  it('says "at the cluster scope" without a namespace', () => {
    assert.equal(
      forbiddenMessage(req(alice, 'list', 'nodes')),
      'User "alice" cannot list resource "nodes" in API group "" at the cluster scope',
    );
  });

  it('joins the subresource and gives the group apart; the name is not part of it', () => {
    const attrs = req(alice, 'get', 'deployments', {
      apiGroup: 'apps',
      subresource: 'scale',
      namespace: 'web',
      name: 'front',
    });
    assert.equal(
      forbiddenMessage(attrs),
      'User "alice" cannot get resource "deployments/scale" in API group "apps" in the namespace "web"',
    );
  });

  it('uses the path for non-resource requests', () => {
    assert.equal(forbiddenMessage(urlReq(u('x'), 'get', '/healthz')), 'User "x" cannot get path "/healthz"');
  });

  it('appends the authorizer reason after a colon', () => {
    assert.equal(
      forbiddenMessage(
        req(alice, 'get', 'pods', { namespace: 'a' }),
        'RBAC: role.rbac.authorization.k8s.io "r" not found',
      ),
      'User "alice" cannot get resource "pods" in API group "" in the namespace "a": RBAC: role.rbac.authorization.k8s.io "r" not found',
    );
  });

  it('wraps as apierrors.NewForbidden does for the Status message', () => {
    assert.equal(
      forbiddenStatusMessage(req(alice, 'list', 'pods', { namespace: 'default' })),
      'pods is forbidden: User "alice" cannot list resource "pods" in API group "" in the namespace "default"',
    );
    assert.equal(
      forbiddenStatusMessage(req(alice, 'get', 'deployments', { apiGroup: 'apps', namespace: 'd', name: 'web' })),
      'deployments.apps "web" is forbidden: User "alice" cannot get resource "deployments" in API group "apps" in the namespace "d"',
    );
    assert.equal(
      forbiddenStatusMessage(urlReq(alice, 'get', '/metrics')),
      'forbidden: User "alice" cannot get path "/metrics"',
    );
  });
});

describe('Go quoting', () => {
  it('escapes as strconv.Quote does', () => {
    assert.equal(goQuote('a"b\\c\n\x01é'), '"a\\"b\\\\c\\n\\x01é"');
    assert.equal(goQuoteList(['a', '']), '["a" ""]');
    assert.equal(goQuoteList([]), '[]');
  });
});
