import assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { certsCommand } from './certs.js';
import { kubeconfigCommand } from './kubeconfig.js';

describe('k8ts certs', () => {
  const dir = mkdtempSync(join(tmpdir(), 'k8ts-cli-certs-'));
  const certDir = join(dir, 'pki');
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('generate: maps kubeadm flags onto the PKI and prints progress', async () => {
    const out: string[] = [];
    await certsCommand((l) => out.push(l)).parseAsync(
      [
        'generate',
        '--cert-dir',
        certDir,
        '--apiserver-advertise-address',
        '172.18.0.2',
        '--apiserver-cert-extra-sans',
        'a.example.com,10.1.2.3',
        '--service-cidr',
        '10.43.0.0/16',
        '--service-dns-domain',
        'corp.local',
        '--node-name',
        'k8ts-control-plane',
      ],
      { from: 'user' },
    );
    assert.equal(out[1], '[certs] Generating "ca" certificate and key');
    const api = new X509Certificate(readFileSync(join(certDir, 'apiserver.crt')));
    for (const san of ['DNS:a.example.com', 'IP Address:10.1.2.3', 'IP Address:10.43.0.1', 'IP Address:172.18.0.2'])
      assert.ok(api.subjectAltName?.includes(san), san);
    assert.ok(api.subjectAltName?.includes('DNS:kubernetes.default.svc.corp.local'));
    assert.equal(new X509Certificate(readFileSync(join(certDir, 'etcd/server.crt'))).subject, 'CN=k8ts-control-plane');
    assert.ok(existsSync(join(certDir, 'sa.pub')));
  });

  it('check-expiration: prints the two tables, kubeconfigs from the parent directory', async () => {
    await kubeconfigCommand(() => {}).parseAsync(['--cert-dir', certDir, '--kubeconfig-dir', dir], { from: 'user' });
    const out: string[] = [];
    await certsCommand((l) => out.push(l)).parseAsync(['check-expiration', '--cert-dir', certDir], { from: 'user' });
    const lines = out.join('\n').split('\n');
    assert.match(
      lines[0],
      /^CERTIFICATE {16}EXPIRES {18}RESIDUAL TIME {3}CERTIFICATE AUTHORITY {3}EXTERNALLY MANAGED$/,
    );
    assert.match(lines[1], /^admin\.conf .* 364d .* ca .* no/);
    assert.equal(lines.length, 17);
    assert.match(lines[13], /^CERTIFICATE AUTHORITY {3}EXPIRES/);
    assert.ok(!out.join('\n').includes('MISSING'));
  });

  it('--help names every kubeadm flag', () => {
    const gen = certsCommand().commands.find((c) => c.name() === 'generate');
    const help = gen?.helpInformation() ?? '';
    for (const flag of [
      '--cert-dir',
      '--apiserver-advertise-address',
      '--apiserver-cert-extra-sans',
      '--service-cidr',
      '--service-dns-domain',
      '--node-name',
    ])
      assert.ok(help.includes(flag), flag);
    assert.match(help, /default: "10\.96\.0\.0\/12"/);
    const check = certsCommand().commands.find((c) => c.name() === 'check-expiration');
    assert.match(check?.helpInformation() ?? '', /--cert-dir <dir>/);
  });

  it('rejects an advertise address that is not an IP', async () => {
    const cmd = certsCommand(() => {});
    const gen = cmd.commands.find((c) => c.name() === 'generate');
    gen?.exitOverride().configureOutput({ writeErr: () => {} });
    await assert.rejects(
      cmd.parseAsync(['generate', '--cert-dir', join(dir, 'x'), '--apiserver-advertise-address', 'nope'], {
        from: 'user',
      }),
      /must be ipv4 or ipv6 address/,
    );
    assert.ok(!existsSync(join(dir, 'x')));
  });
});
