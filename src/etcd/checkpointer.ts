/**
 * Moves SQLite's WAL checkpoints off the event loop. With automatic checkpoints, every thousandth
 * commit would also copy pages into the database file and fsync it, stalling every request for
 * that long; instead a worker thread with its own connection checkpoints (PASSIVE: never waiting
 * on the writer) once a second, while the server keeps committing to the WAL. The thread runs at
 * the writer thread's lower priority (backend-db.cjs).
 */
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

const require = createRequire(import.meta.url);
const { WRITER_NICE } = require('./backend-db.cjs') as { WRITER_NICE: number };

// Plain CommonJS, so that the worker needs no TypeScript loader.
const WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
if (process.platform === 'linux') require('node:os').setPriority(workerData.nice);
const Database = require(workerData.sqlite);
const db = new Database(workerData.path);
db.pragma('busy_timeout = 1000');
const timer = setInterval(() => {
  try { db.pragma('wal_checkpoint(PASSIVE)'); } catch (err) { parentPort.postMessage(String(err)); }
}, workerData.intervalMs);
parentPort.on('message', () => { clearInterval(timer); db.close(); parentPort.close(); });
`;

export class Checkpointer {
  private readonly worker: Worker;
  private readonly exited: Promise<void>;

  constructor(path: string, intervalMs = 1000, onError: (msg: string) => void = () => {}) {
    this.worker = new Worker(WORKER, {
      eval: true,
      workerData: { sqlite: require.resolve('better-sqlite3'), path, intervalMs, nice: WRITER_NICE },
    });
    this.worker.on('message', onError);
    this.worker.unref();
    this.exited = new Promise((resolve) => this.worker.once('exit', () => resolve()));
  }

  /** Stops checkpointing and closes the worker's connection. */
  async close(): Promise<void> {
    this.worker.ref(); // keep the process alive until the worker has closed its connection
    this.worker.postMessage('close');
    await this.exited;
  }
}
