/** A lean HTTP/2 client for the apiserver benchmark: one session per client, JSON in and out. */
import http2 from 'node:http2';

export interface H2Reply {
  status: number;
  body: Buffer;
}

export class H2Client {
  readonly session: http2.ClientHttp2Session;

  constructor(url: string, ca: Buffer) {
    this.session = http2.connect(url, { ca });
    this.session.on('error', () => {});
  }

  request(method: string, path: string, body?: string, headers: Record<string, string> = {}): Promise<H2Reply> {
    return new Promise((resolve, reject) => {
      const req = this.session.request({
        ':method': method,
        ':path': path,
        accept: 'application/json',
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...headers,
      });
      let status = 0;
      const chunks: Buffer[] = [];
      req.on('response', (h) => (status = Number(h[':status'])));
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => resolve({ status, body: Buffer.concat(chunks) }));
      req.on('error', reject);
      req.end(body);
    });
  }

  /** Opens a stream and hands each newline-delimited line to `onLine`. */
  stream(path: string, onLine: (line: string) => void): http2.ClientHttp2Stream {
    const req = this.session.request({ ':method': 'GET', ':path': path, accept: 'application/json' });
    let buf = '';
    req.setEncoding('utf8');
    req.on('data', (c: string) => {
      buf += c;
      let i;
      while ((i = buf.indexOf('\n')) >= 0) {
        onLine(buf.slice(0, i));
        buf = buf.slice(i + 1);
      }
    });
    req.on('error', () => {});
    req.end();
    return req;
  }

  close(): void {
    this.session.close();
  }
}
