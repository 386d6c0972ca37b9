import assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { generatePki } from '../pki/certs.js';
import { readKubeconfig } from '../pki/kubeconfig.js';
import { kubeconfigCommand } from './kubeconfig.js';

describe('k8ts kubeconfig', () => {
  const dir = mkdtempSync(join(tmpdir(), 'k8ts-cli-kubeconfig-'));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('writes every kubeconfig for the server and nodes given', async () => {
    const certDir = join(dir, 'pki');
    await generatePki({ certDir, nodeName: 'cp1', advertiseAddress: '10.0.0.1' });
    const out: string[] = [];
    await kubeconfigCommand((l) => out.push(l)).parseAsync(
      [
        '--cert-dir',
        certDir,
        '--kubeconfig-dir',
        dir,
        '--server',
        'https://10.0.0.1:6443',
        '--node-name',
        'cp1,w1',
        '--node-name',
        'w2',
      ],
      { from: 'user' },
    );
    assert.ok(out.includes('[kubeconfig] Writing "admin.conf" kubeconfig file'));
    for (const f of ['admin.conf', 'super-admin.conf', 'controller-manager.conf', 'scheduler.conf', 'kubelet.conf'])
      assert.equal(readKubeconfig(join(dir, f)).server, 'https://10.0.0.1:6443', f);
    const w2 = readKubeconfig(join(dir, 'kubelet-w2.conf'));
    assert.equal(new X509Certificate(w2.clientCert as string).subject, 'O=system:nodes\nCN=system:node:w2');
    assert.ok(existsSync(join(dir, 'kubelet-w1.conf')));
    assert.ok(!existsSync(join(dir, 'kubelet-cp1.conf')));
  });

  it('--help shows the flags and their defaults', () => {
    const help = kubeconfigCommand().helpInformation();
    assert.match(help, /--kubeconfig-dir <dir>[^-]*default:\s+"\/etc\/kubernetes"\)/);
    assert.match(help, /--server <url>/);
    assert.match(help, /default:\s+"https:\/\/127\.0\.0\.1:6443"/);
  });
});
