/**
 * `kubeadm certs check-expiration`: when each certificate and CA expires, how long is left, which
 * CA signed it and whether that CA is external (its certificate present, its key not). The table
 * is laid out as Go's tabwriter (min width 10, padding 3) lays out kubeadm's.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CERT_LIST } from './certs.js';
import { readKubeconfig } from './kubeconfig.js';
import { parseCert } from './x509.js';

/** One row: kubeadm's `ExpirationInfo`, or a certificate that is missing. */
export interface ExpirationInfo {
  name: string;
  /** Undefined when the file is missing. */
  expires?: Date;
  /** The signing CA's name (`ca`, `etcd-ca`, `front-proxy-ca`); undefined for a CA. */
  caName?: string;
  externallyManaged: boolean;
}

/** Both tables of `check-expiration`, each sorted by name as kubeadm sorts them. */
export interface ExpirationReport {
  certificates: ExpirationInfo[];
  authorities: ExpirationInfo[];
}

/** The kubeconfigs whose certificates kubeadm renews (kubelet.conf is the kubelet's to rotate). */
export const RENEWED_KUBECONFIGS = ['admin.conf', 'controller-manager.conf', 'scheduler.conf', 'super-admin.conf'];

/** Reads the certificates under `certDir` and the kubeconfigs under `kubeconfigDir`. */
export function checkExpiration(certDir: string, kubeconfigDir: string): ExpirationReport {
  const byName = new Map(CERT_LIST.map((s) => [s.name, s]));
  const external = (caName: string) => {
    if (caName === 'etcd-ca') return false;
    const base = byName.get(caName)?.baseName ?? caName;
    return existsSync(join(certDir, `${base}.crt`)) && !existsSync(join(certDir, `${base}.key`));
  };
  const pemExpiry = (file: string) => (existsSync(file) ? parseCert(readFileSync(file)).notAfter : undefined);
  const certificates: ExpirationInfo[] = CERT_LIST.filter((s) => s.caName).map((s) => ({
    name: s.name,
    expires: pemExpiry(join(certDir, `${s.baseName}.crt`)),
    caName: s.caName,
    externallyManaged: external(s.caName as string),
  }));
  for (const fileName of RENEWED_KUBECONFIGS) {
    const file = join(kubeconfigDir, fileName);
    let expires: Date | undefined;
    if (existsSync(file)) {
      const { clientCert } = readKubeconfig(file);
      if (!clientCert) throw new Error(`failed to find CurrentContext user's client certificate in kubeconfig ${file}`);
      expires = parseCert(clientCert).notAfter;
    }
    certificates.push({ name: fileName, expires, caName: 'ca', externallyManaged: external('ca') });
  }
  const authorities: ExpirationInfo[] = CERT_LIST.filter((s) => !s.caName).map((s) => ({
    name: s.name,
    expires: pemExpiry(join(certDir, `${s.baseName}.crt`)),
    externallyManaged: external(s.name),
  }));
  const byKey = (a: ExpirationInfo, b: ExpirationInfo) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
  return { certificates: certificates.sort(byKey), authorities: authorities.sort(byKey) };
}

/** Go's `duration.ShortHumanDuration`: `<invalid>`, `0s`, `42s`, `5m`, `3h`, `364d`, `9y`. */
export function shortHumanDuration(ms: number): string {
  const seconds = Math.trunc(ms / 1000);
  if (seconds < -1) return '<invalid>';
  if (seconds < 0) return '0s';
  if (seconds < 60) return `${seconds}s`;
  const minutes = Math.trunc(seconds / 60);
  if (minutes < 60) return `${minutes}m`;
  const hours = Math.trunc(minutes / 60);
  if (hours < 24) return `${hours}h`;
  if (hours < 24 * 365) return `${Math.trunc(hours / 24)}d`;
  return `${Math.trunc(hours / 24 / 365)}y`;
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const two = (n: number) => String(n).padStart(2, '0');

/** Go's `Format("Jan 02, 2006 15:04 MST")` for a certificate date (which Go holds in UTC). */
export function formatExpiry(d: Date): string {
  return `${MONTHS[d.getUTCMonth()]} ${two(d.getUTCDate())}, ${d.getUTCFullYear()} ${two(d.getUTCHours())}:${two(d.getUTCMinutes())} UTC`;
}

/**
 * Go's `tabwriter.NewWriter(out, 10, 4, 3, ' ', 0)` for text whose lines have the same number of
 * cells within each paragraph: each tab-terminated cell is padded to its column's widest cell + 3
 * (at least 10); the cell after the last tab is written as is.
 */
export function tabwrite(text: string, minWidth = 10, padding = 3): string {
  const lines = text.split('\n');
  const out: string[] = [];
  let block: string[][] = [];
  const flush = () => {
    const widths: number[] = [];
    for (const cells of block)
      cells.slice(0, -1).forEach((c, i) => (widths[i] = Math.max(widths[i] ?? minWidth, [...c].length + padding)));
    for (const cells of block)
      out.push(cells.map((c, i) => (i < cells.length - 1 ? c + ' '.repeat(widths[i] - [...c].length) : c)).join(''));
    block = [];
  };
  for (const line of lines) {
    if (line.includes('\t')) {
      block.push(line.split('\t'));
      continue;
    }
    flush();
    out.push(line);
  }
  flush();
  return out.join('\n');
}

/** Both tables exactly as `kubeadm certs check-expiration` prints them, `now` deciding RESIDUAL TIME. */
export function formatExpirationReport(report: ExpirationReport, now: Date = new Date()): string {
  const yesNo = (b: boolean) => (b ? 'yes' : 'no').padEnd(8);
  const left = (d: Date) => shortHumanDuration(d.getTime() - now.getTime());
  const lines = ['CERTIFICATE\tEXPIRES\tRESIDUAL TIME\tCERTIFICATE AUTHORITY\tEXTERNALLY MANAGED'];
  for (const c of report.certificates) {
    lines.push(
      c.expires
        ? `${c.name}\t${formatExpiry(c.expires)}\t${left(c.expires)}\t${c.caName}\t${yesNo(c.externallyManaged)}`
        : `!MISSING! ${c.name}\t\t\t\t`,
    );
  }
  lines.push('', 'CERTIFICATE AUTHORITY\tEXPIRES\tRESIDUAL TIME\tEXTERNALLY MANAGED');
  for (const c of report.authorities) {
    lines.push(
      c.expires
        ? `${c.name}\t${formatExpiry(c.expires)}\t${left(c.expires)}\t${yesNo(c.externallyManaged)}`
        : `!MISSING! ${c.name}\t\t\t`,
    );
  }
  return tabwrite(lines.join('\n') + '\n');
}
