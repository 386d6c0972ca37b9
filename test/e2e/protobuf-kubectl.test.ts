import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';

import { kubectlPath, runBinary } from './support/kubectl.js';
import { decodeProtobuf, encodeProtobuf } from '../../src/machinery/protobuf/codec.js';

/** Bodies kubectl 1.32.3 POSTed to a logging server (Go writes every value field, zeros included). */
const CAPTURED = {
  'create deployment d --image=nginx --replicas=0 --port=8080':
    '6b3873000a150a07617070732f7631120a4465706c6f796d656e7412b1010a1b0a016412001a0022002a003200380042005a080a036170701201641283010800120a0a080a036170701201641a6b0a1a0a0012001a0022002a003200380042005a080a03617070120164124d122f0a056e67696e7812056e67696e782a00320b0a00100018903f22002a0042006a007200800100880100900100a201001a00320042004a0052005800600068008201008a01009a0100c2010022020a00280038001a0c0800100018002000280038001a002200',
  'create service clusterip svc --tcp=80:8080 --tcp=443:https':
    '6b3873000a0d0a027631120753657276696365128d010a1f0a0373766312001a0022002a003200380042005a0a0a03617070120373766312660a1b0a0738302d38303830120354435018502207080010903f1a0028000a220a093434332d6874747073120354435018bb03220b080110001a0568747470732800120a0a0361707012037376631a002209436c757374657249503a00420052005a00600068001a020a001a002200',
  'create token sa --duration=10m --audience=api --bound-object-kind=Pod --bound-object-name=p --bound-object-uid=123':
    '6b3873000a280a1861757468656e7469636174696f6e2e6b38732e696f2f7631120c546f6b656e5265717565737412350a100a0012001a0022002a00320038004200121b0a036170691a110a03506f64120276311a0170220331323320d8041a040a0012001a002200',
  'auth can-i get pods --subresource=log':
    '6b3873000a320a17617574686f72697a6174696f6e2e6b38732e696f2f7631121753656c665375626a656374416363657373526576696577123f0a100a0012001a0022002a0032003800420012210a1f0a0764656661756c7412036765741a0022002a04706f647332036c6f673a001a08080012001a0020001a002200',
  'autoscale deployment d --min=2 --max=5 --cpu-percent=80':
    '6b3873000a290a0e6175746f7363616c696e672f76311217486f72697a6f6e74616c506f644175746f7363616c6572123b0a110a016412001a0022002a0032003800420012200a180a0a4465706c6f796d656e741201641a07617070732f76311002180520501a04180020001a002200',
};

/** What upstream's JSON encoder writes for the same objects (`creationTimestamp: null` aside). */
const EXPECTED: Record<keyof typeof CAPTURED, Record<string, unknown>> = {
  'create deployment d --image=nginx --replicas=0 --port=8080': {
    kind: 'Deployment',
    apiVersion: 'apps/v1',
    metadata: { name: 'd', labels: { app: 'd' } },
    spec: {
      replicas: 0,
      selector: { matchLabels: { app: 'd' } },
      template: {
        metadata: { labels: { app: 'd' } },
        spec: { containers: [{ name: 'nginx', image: 'nginx', ports: [{ containerPort: 8080 }], resources: {} }] },
      },
      strategy: {},
    },
    status: {},
  },
  'create service clusterip svc --tcp=80:8080 --tcp=443:https': {
    kind: 'Service',
    apiVersion: 'v1',
    metadata: { name: 'svc', labels: { app: 'svc' } },
    spec: {
      ports: [
        { name: '80-8080', protocol: 'TCP', port: 80, targetPort: 8080 },
        { name: '443-https', protocol: 'TCP', port: 443, targetPort: 'https' },
      ],
      selector: { app: 'svc' },
      type: 'ClusterIP',
    },
    status: { loadBalancer: {} },
  },
  'create token sa --duration=10m --audience=api --bound-object-kind=Pod --bound-object-name=p --bound-object-uid=123':
    {
      kind: 'TokenRequest',
      apiVersion: 'authentication.k8s.io/v1',
      metadata: {},
      spec: {
        audiences: ['api'],
        expirationSeconds: 600,
        boundObjectRef: { kind: 'Pod', apiVersion: 'v1', name: 'p', uid: '123' },
      },
      status: { token: '' },
    },
  'auth can-i get pods --subresource=log': {
    kind: 'SelfSubjectAccessReview',
    apiVersion: 'authorization.k8s.io/v1',
    metadata: {},
    spec: { resourceAttributes: { namespace: 'default', verb: 'get', resource: 'pods', subresource: 'log' } },
    status: { allowed: false },
  },
  'autoscale deployment d --min=2 --max=5 --cpu-percent=80': {
    kind: 'HorizontalPodAutoscaler',
    apiVersion: 'autoscaling/v1',
    metadata: { name: 'd' },
    spec: {
      scaleTargetRef: { kind: 'Deployment', name: 'd', apiVersion: 'apps/v1' },
      minReplicas: 2,
      maxReplicas: 5,
      targetCPUUtilizationPercentage: 80,
    },
    status: { currentReplicas: 0, desiredReplicas: 0 },
  },
};

describe('bodies captured from kubectl 1.32.3', () => {
  for (const [command, body] of Object.entries(CAPTURED) as [keyof typeof CAPTURED, string][]) {
    it(`kubectl ${command}`, () => {
      const decoded = decodeProtobuf(Buffer.from(body, 'hex'));
      assert.equal(JSON.stringify(decoded), JSON.stringify(EXPECTED[command]));
      assert.deepEqual(decodeProtobuf(encodeProtobuf(decoded)), decoded);
    });
  }
});

/** `kubectl create …` commands whose POST body must decode to what `--dry-run=client -o json` prints. */
const CREATE = [
  ['configmap', 'x', '--from-literal=a=b', '--from-literal=empty='],
  ['deployment', 'd', '--image=nginx', '--replicas=3', '--port=8080'],
  ['secret', 'generic', 's', '--from-literal=k=v', '--type=Opaque'],
  ['secret', 'docker-registry', 'dr', '--docker-server=r.io', '--docker-username=u', '--docker-password=p'],
  ['service', 'nodeport', 'np', '--tcp=80:8080', '--node-port=30080'],
  ['service', 'externalname', 'en', '--external-name=a.b.c'],
  ['job', 'j', '--image=busybox', '--', 'echo', 'hi'],
  ['cronjob', 'cj', '--image=busybox', '--schedule=*/1 * * * *', '--', 'echo', 'hi'],
  ['role', 'r', '--verb=get,list', '--resource=pods,deployments.apps', '--resource-name=foo'],
  ['clusterrole', 'cr', '--verb=get', '--non-resource-url=/healthz'],
  ['rolebinding', 'rb', '--role=r', '--user=alice', '--group=devs', '--serviceaccount=default:sa'],
  ['clusterrolebinding', 'crb', '--clusterrole=cr', '--user=bob'],
  ['namespace', 'ns1'],
  ['serviceaccount', 'sa'],
  ['quota', 'q', '--hard=cpu=1,memory=1G,pods=2', '--scopes=BestEffort'],
  ['priorityclass', 'pc', '--value=0', '--description=low', '--preemption-policy=Never'],
  ['poddisruptionbudget', 'pdb', '--selector=app=d', '--min-available=50%'],
  ['ingress', 'ing', '--rule=foo.com/bar=svc1:8080,tls=my-cert', '--class=nginx', '--annotation=a=b'],
];

const json = (res: ServerResponse, code: number, body: unknown) => {
  res.writeHead(code, { 'Content-Type': 'application/json' });
  res.end(JSON.stringify(body));
};

/** Just enough discovery for kubectl to resolve `pods` and `deployments.apps` for `create role`. */
function discovery(url: string, res: ServerResponse): boolean {
  const list = (groupVersion: string, resources: [string, string][]) => ({
    kind: 'APIResourceList',
    apiVersion: 'v1',
    groupVersion,
    resources: resources.map(([name, kind]) => ({ name, singularName: '', namespaced: true, kind, verbs: ['create'] })),
  });
  const apps = { groupVersion: 'apps/v1', version: 'v1' };
  if (url === '/api') json(res, 200, { kind: 'APIVersions', versions: ['v1'], serverAddressByClientCIDRs: [] });
  else if (url === '/apis') {
    json(res, 200, {
      kind: 'APIGroupList',
      apiVersion: 'v1',
      groups: [{ name: 'apps', versions: [apps], preferredVersion: apps }],
    });
  } else if (url === '/api/v1') json(res, 200, list('v1', [['pods', 'Pod']]));
  else if (url === '/apis/apps/v1') json(res, 200, list('apps/v1', [['deployments', 'Deployment']]));
  else return false;
  return true;
}

const dropNullCreationTimestamps = (v: unknown): unknown => {
  if (Array.isArray(v)) return v.map(dropNullCreationTimestamps);
  if (!v || typeof v !== 'object') return v;
  return Object.fromEntries(
    Object.entries(v)
      .filter(([k, x]) => !(k === 'creationTimestamp' && x === null))
      .map(([k, x]) => [k, dropNullCreationTimestamps(x)]),
  );
};

describe('the real kubectl against a capturing server', () => {
  let kubectl: string | undefined;
  let server: ReturnType<typeof createServer>;
  let cacheDir: string;
  let base = '';
  const bodies: Buffer[] = [];

  before(async () => {
    kubectl = kubectlPath();
    cacheDir = await mkdtemp(join(tmpdir(), 'k8ts-protobuf-'));
    server = createServer((req: IncomingMessage, res: ServerResponse) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        if (discovery(req.url!.split('?')[0], res)) return;
        if (req.method !== 'POST')
          return json(res, 404, { kind: 'Status', apiVersion: 'v1', status: 'Failure', code: 404 });
        bodies.push(Buffer.concat(chunks));
        json(res, 403, {
          kind: 'Status',
          apiVersion: 'v1',
          status: 'Failure',
          message: 'captured',
          reason: 'Forbidden',
          code: 403,
        });
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  after(async () => {
    await new Promise((resolve) => server.close(resolve));
    await rm(cacheDir, { recursive: true, force: true });
  });

  it('decodes every `kubectl create` body to the JSON kubectl itself prints', async () => {
    assert.ok(kubectl);
    const env = { KUBECONFIG: join(cacheDir, 'none'), HOME: cacheDir };
    const common = ['-s', base, '--cache-dir', cacheDir];
    for (const args of CREATE) {
      const before = bodies.length;
      // Flags go before the arguments: `--` ends kubectl's flags for job and cronjob.
      const sent = await runBinary(kubectl, [...common, 'create', ...args], { env });
      assert.equal(bodies.length, before + 1, `kubectl create ${args.join(' ')}: ${sent.stderr}`);
      const printed = await runBinary(kubectl, [...common, '--dry-run=client', '-o', 'json', 'create', ...args], {
        env,
      });
      assert.equal(printed.code, 0, printed.stderr);
      const want = dropNullCreationTimestamps(JSON.parse(printed.stdout));
      assert.equal(
        JSON.stringify(decodeProtobuf(bodies[before])),
        JSON.stringify(want),
        `kubectl create ${args.join(' ')}`,
      );
    }
  });
});
