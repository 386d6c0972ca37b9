/**
 * The baseline: a bare Node HTTP/2 TLS server answering one fixed body from memory, run as its
 * own process like the apiserver. Prints its port on stdout. Usage: tsx bare.ts <cert> <key> <bodyfile>
 */
import http2 from 'node:http2';
import { readFileSync } from 'node:fs';

const [cert, key, bodyFile] = process.argv.slice(2);
const body = readFileSync(bodyFile);
const server = http2.createSecureServer({ cert: readFileSync(cert), key: readFileSync(key), allowHTTP1: true });
server.on('request', (_req, res) => {
  res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': String(body.length) });
  res.end(body);
});
server.listen(0, '127.0.0.1', () => {
  process.stdout.write(`${(server.address() as { port: number }).port}\n`);
});
