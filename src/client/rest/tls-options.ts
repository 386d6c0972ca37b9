/** The TLS side of a RestConfig: whom to trust, what name to check, which certificate to present. */
import { readFileSync } from 'node:fs';
import { isIP } from 'node:net';
import tls from 'node:tls';
import type { RestConfig } from './config.js';

const pemOf = (data: Buffer | string | undefined, file: string | undefined) =>
  data !== undefined ? data : file ? readFileSync(file) : undefined;

/** The TLS options of a RestConfig (files read now; data wins over files, as client-go). */
export function tlsOptions(config: RestConfig): tls.ConnectionOptions {
  const url = new URL(config.server);
  const host = url.hostname.replace(/^\[|\]$/g, '');
  const servername = config.tlsServerName || (isIP(host) ? undefined : host);
  const opts: tls.ConnectionOptions = { rejectUnauthorized: !config.insecureSkipTlsVerify };
  if (servername) opts.servername = servername;
  const ca = config.insecureSkipTlsVerify ? undefined : pemOf(config.caData, config.caFile);
  if (ca) opts.ca = ca;
  const cert = pemOf(config.certData, config.certFile);
  const key = pemOf(config.keyData, config.keyFile);
  if (cert) opts.cert = cert;
  if (key) opts.key = key;
  if (config.tlsServerName) opts.checkServerIdentity = (_h, c) => tls.checkServerIdentity(config.tlsServerName!, c);
  return opts;
}
