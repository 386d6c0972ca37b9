import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, unlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { generatePki } from './certs.js';
import { checkExpiration, formatExpirationReport, formatExpiry, shortHumanDuration, tabwrite } from './expiration.js';
import { writeKubeconfigs } from './kubeconfig.js';

const H = 3600_000;

describe('check-expiration formatting', () => {
  it('prints residual time as ShortHumanDuration', () => {
    assert.equal(shortHumanDuration(-5000), '<invalid>');
    assert.equal(shortHumanDuration(-500), '0s');
    assert.equal(shortHumanDuration(42_000), '42s');
    assert.equal(shortHumanDuration(5 * 60_000 + 59_000), '5m');
    assert.equal(shortHumanDuration(23 * H), '23h');
    assert.equal(shortHumanDuration(365 * 24 * H - 1000), '364d');
    assert.equal(shortHumanDuration(3650 * 24 * H - 1000), '9y');
    assert.equal(shortHumanDuration(365 * 24 * H), '1y');
  });
  it('prints dates as Go "Jan 02, 2006 15:04 MST" in UTC', () => {
    assert.equal(formatExpiry(new Date(Date.UTC(2026, 0, 5, 7, 3))), 'Jan 05, 2026 07:03 UTC');
  });
  it('aligns as tabwriter(10, 4, 3)', () => {
    assert.equal(
      tabwrite('A\tBB\tlast\nlonger-name\tx\ty\n\nC\tD'),
      'A             BB        last\nlonger-name   x         y\n\nC         D',
    );
  });
  it('renders both tables with missing and external rows', () => {
    const now = new Date(Date.UTC(2025, 0, 1));
    const report = {
      certificates: [
        { name: 'admin.conf', expires: new Date(Date.UTC(2025, 11, 31)), caName: 'ca', externallyManaged: false },
        { name: 'apiserver', caName: 'ca', externallyManaged: false },
        {
          name: 'front-proxy-client',
          expires: new Date(Date.UTC(2025, 0, 1, 5)),
          caName: 'front-proxy-ca',
          externallyManaged: true,
        },
      ],
      authorities: [{ name: 'ca', expires: new Date(Date.UTC(2034, 11, 29)), externallyManaged: false }],
    };
    assert.equal(
      formatExpirationReport(report, now),
      [
        'CERTIFICATE           EXPIRES                  RESIDUAL TIME   CERTIFICATE AUTHORITY   EXTERNALLY MANAGED',
        'admin.conf            Dec 31, 2025 00:00 UTC   364d            ca                      no      ',
        '!MISSING! apiserver                                                                    ',
        'front-proxy-client    Jan 01, 2025 05:00 UTC   5h              front-proxy-ca          yes     ',
        '',
        'CERTIFICATE AUTHORITY   EXPIRES                  RESIDUAL TIME   EXTERNALLY MANAGED',
        'ca                      Dec 29, 2034 00:00 UTC   9y              no      ',
        '',
      ].join('\n'),
    );
  });
});

describe('checkExpiration', () => {
  const dir = mkdtempSync(join(tmpdir(), 'k8ts-expiration-'));
  const certDir = join(dir, 'pki');
  before(async () => {
    await generatePki({ certDir, nodeName: 'cp1', advertiseAddress: '10.0.0.1' });
    await writeKubeconfigs({ certDir, kubeconfigDir: dir, nodeNames: ['cp1'] });
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('lists every kubeadm certificate sorted, with its CA, 364d and 9y left', () => {
    const report = checkExpiration(certDir, dir);
    assert.deepEqual(
      report.certificates.map((c) => `${c.name}:${c.caName}`),
      [
        'admin.conf:ca',
        'apiserver:ca',
        'apiserver-etcd-client:etcd-ca',
        'apiserver-kubelet-client:ca',
        'controller-manager.conf:ca',
        'etcd-healthcheck-client:etcd-ca',
        'etcd-peer:etcd-ca',
        'etcd-server:etcd-ca',
        'front-proxy-client:front-proxy-ca',
        'scheduler.conf:ca',
        'super-admin.conf:ca',
      ],
    );
    assert.deepEqual(
      report.authorities.map((c) => c.name),
      ['ca', 'etcd-ca', 'front-proxy-ca'],
    );
    const text = formatExpirationReport(report);
    assert.match(text, /^admin\.conf {17}\w{3} \d\d, \d{4} \d\d:\d\d UTC {3}364d {12}ca {22}no {6}$/m);
    assert.match(text, /^etcd-ca {17}\w{3} \d\d, \d{4} \d\d:\d\d UTC {3}9y {14}no {6}$/m);
    assert.ok(!text.includes('MISSING'));
  });

  it('reports missing files and a CA without its key as externally managed', () => {
    unlinkSync(join(certDir, 'front-proxy-client.crt'));
    unlinkSync(join(dir, 'scheduler.conf'));
    unlinkSync(join(certDir, 'ca.key'));
    const report = checkExpiration(certDir, dir);
    const text = formatExpirationReport(report);
    assert.match(text, /^!MISSING! front-proxy-client +$/m);
    assert.match(text, /^!MISSING! scheduler\.conf +$/m);
    assert.equal(report.certificates.find((c) => c.name === 'apiserver')?.externallyManaged, true);
    assert.equal(report.certificates.find((c) => c.name === 'etcd-peer')?.externallyManaged, false);
    assert.equal(report.authorities.find((c) => c.name === 'ca')?.externallyManaged, true);
    assert.match(text, /^ca {22}.* yes {5}$/m);
  });
});
