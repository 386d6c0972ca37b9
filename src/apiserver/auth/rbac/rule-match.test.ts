import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ruleAllows } from './rule-match.js';
import { req, u, urlReq } from './test-helpers.js';

const alice = u('alice');

describe('ruleAllows', () => {
  it('matches verbs exactly or by *', () => {
    const rule = { verbs: ['get'], apiGroups: [''], resources: ['pods'] };
    assert.equal(ruleAllows(req(alice, 'get', 'pods'), rule), true);
    assert.equal(ruleAllows(req(alice, 'delete', 'pods'), rule), false);
    assert.equal(ruleAllows(req(alice, 'delete', 'pods'), { ...rule, verbs: ['*'] }), true);
  });

  it('matches API groups exactly or by *', () => {
    const rule = { verbs: ['get'], apiGroups: ['apps'], resources: ['deployments'] };
    assert.equal(ruleAllows(req(alice, 'get', 'deployments', { apiGroup: 'apps' }), rule), true);
    assert.equal(ruleAllows(req(alice, 'get', 'deployments', { apiGroup: 'extensions' }), rule), false);
    assert.equal(
      ruleAllows(req(alice, 'get', 'deployments', { apiGroup: 'extensions' }), { ...rule, apiGroups: ['*'] }),
      true,
    );
    assert.equal(ruleAllows(req(alice, 'get', 'deployments'), rule), false, 'core group is "" and not apps');
  });

  it('matches resources, resource/subresource and */subresource', () => {
    const pods = { verbs: ['get'], apiGroups: [''], resources: ['pods'] };
    assert.equal(
      ruleAllows(req(alice, 'get', 'pods', { subresource: 'log' }), pods),
      false,
      'pods does not grant pods/log',
    );
    const log = { ...pods, resources: ['pods/log'] };
    assert.equal(ruleAllows(req(alice, 'get', 'pods', { subresource: 'log' }), log), true);
    assert.equal(ruleAllows(req(alice, 'get', 'pods'), log), false, 'pods/log does not grant pods');
    const anyScale = { verbs: ['get'], apiGroups: ['*'], resources: ['*/scale'] };
    assert.equal(
      ruleAllows(req(alice, 'get', 'deployments', { apiGroup: 'apps', subresource: 'scale' }), anyScale),
      true,
    );
    assert.equal(
      ruleAllows(req(alice, 'get', 'deployments', { apiGroup: 'apps', subresource: 'status' }), anyScale),
      false,
    );
    assert.equal(ruleAllows(req(alice, 'get', 'deployments', { apiGroup: 'apps' }), anyScale), false);
    assert.equal(ruleAllows(req(alice, 'get', 'pods', { subresource: 'exec' }), { ...pods, resources: ['*'] }), true);
  });

  it('applies resourceNames only to requests that carry a name', () => {
    const rule = {
      verbs: ['get', 'list', 'update'],
      apiGroups: [''],
      resources: ['configmaps'],
      resourceNames: ['app'],
    };
    assert.equal(ruleAllows(req(alice, 'get', 'configmaps', { name: 'app' }), rule), true);
    assert.equal(ruleAllows(req(alice, 'get', 'configmaps', { name: 'other' }), rule), false);
    assert.equal(ruleAllows(req(alice, 'list', 'configmaps'), rule), false, 'a list has no name');
  });

  it('matches non-resource URLs exactly, by * and by a trailing * prefix', () => {
    const rule = { verbs: ['get'], nonResourceURLs: ['/healthz', '/apis/*'] };
    assert.equal(ruleAllows(urlReq(alice, 'get', '/healthz'), rule), true);
    assert.equal(ruleAllows(urlReq(alice, 'get', '/healthz/etcd'), rule), false);
    assert.equal(ruleAllows(urlReq(alice, 'get', '/apis/apps/v1'), rule), true);
    assert.equal(ruleAllows(urlReq(alice, 'post', '/healthz'), rule), false);
    assert.equal(ruleAllows(urlReq(alice, 'get', '/anything'), { verbs: ['get'], nonResourceURLs: ['*'] }), true);
  });

  it('keeps resource rules and URL rules apart', () => {
    assert.equal(ruleAllows(urlReq(alice, 'get', '/api'), { verbs: ['*'], apiGroups: ['*'], resources: ['*'] }), false);
    assert.equal(ruleAllows(req(alice, 'get', 'pods'), { verbs: ['*'], nonResourceURLs: ['*'] }), false);
  });
});
