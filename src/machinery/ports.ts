import { createServer } from 'node:net';

/** Linux's default ephemeral range starts at 32768; ports below it are not handed to outgoing connections. */
const LOW = 20_000;
const HIGH = 32_000;

function tryListen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const srv = createServer();
    srv.unref();
    srv.once('error', () => resolve(false));
    srv.listen(port, '127.0.0.1', () => srv.close(() => resolve(true)));
  });
}

/**
 * A loopback port that was free a moment ago (for programs that need a port number). It is picked
 * at random below the kernel's ephemeral range: a port from that range can be taken by any
 * outgoing connection between this check and the program's listen.
 */
export async function freePort(): Promise<number> {
  for (let i = 0; i < 100; i++) {
    const port = LOW + Math.floor(Math.random() * (HIGH - LOW));
    if (await tryListen(port)) return port;
  }
  throw new Error(`no free loopback port found in ${LOW}-${HIGH}`);
}
