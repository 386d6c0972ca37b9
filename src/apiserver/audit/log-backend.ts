/**
 * The log backend (`--audit-log-path`, upstream's plugin/pkg/audit/log): one event per line, as
 * JSON (`{"kind":"Event","apiVersion":"audit.k8s.io/v1",...}`) or the legacy text line, appended to
 * a rotated file or written to stdout (`-`). Events are encoded when handed over and written in
 * the background, so the request path never waits on the disk; `close()` flushes.
 */
import type { Writable } from 'node:stream';
import { encodeEvent } from './encode.js';
import { eventString } from './legacy.js';
import { RotatingFile } from './rotating-file.js';
import type { AuditBackend, AuditEvent } from './types.js';

/** The formats `--audit-log-format` takes, in upstream's order. */
export const ALLOWED_FORMATS = ['legacy', 'json'] as const;
export type LogFormat = (typeof ALLOWED_FORMATS)[number];

/** The buffer of upstream's batching backend: events waiting beyond it are dropped. */
export const DEFAULT_BUFFER_SIZE = 10000;

export interface LogBackendOptions {
  /** A file path, or `-` for standard output. */
  path: string;
  format?: LogFormat;
  /** `--audit-log-maxsize`, MB (0: lumberjack's 100). */
  maxSize?: number;
  /** `--audit-log-maxbackup`. */
  maxBackup?: number;
  /** `--audit-log-maxage`, days. */
  maxAge?: number;
  /** `--audit-log-compress`. */
  compress?: boolean;
  /** Events that may wait to be written (default 10000). */
  bufferSize?: number;
  /** Where `-` writes (default process.stdout). */
  stdout?: Writable;
  /** Told about events that could not be written (default: a line on stderr, as upstream's HandlePluginError). */
  onError?: (err: Error, events: number) => void;
  /** The clock of rotation. */
  now?: () => Date;
}

function defaultOnError(err: Error, events: number): void {
  process.stderr.write(`Error in audit plugin 'log' affecting ${events} audit events: ${err.message}\n`);
}

export class LogBackend implements AuditBackend {
  private queue: Buffer[] = [];
  private draining?: Promise<void>;
  private closed = false;
  private readonly file?: RotatingFile;
  private readonly out?: Writable;
  private readonly format: LogFormat;
  private readonly bufferSize: number;
  private readonly onError: (err: Error, events: number) => void;

  constructor(opts: LogBackendOptions) {
    this.format = opts.format ?? 'json';
    if (!(ALLOWED_FORMATS as readonly string[]).includes(this.format)) {
      throw new Error(
        `log format ${JSON.stringify(this.format)} is not in list of known formats (${ALLOWED_FORMATS.join(',')})`,
      );
    }
    this.bufferSize = opts.bufferSize ?? DEFAULT_BUFFER_SIZE;
    this.onError = opts.onError ?? defaultOnError;
    if (opts.path === '-') this.out = opts.stdout ?? process.stdout;
    else {
      this.file = new RotatingFile({
        filename: opts.path,
        maxSize: opts.maxSize,
        maxBackups: opts.maxBackup,
        maxAge: opts.maxAge,
        compress: opts.compress,
        now: opts.now,
      });
    }
  }

  /** The line written for an event (with its newline). */
  line(ev: AuditEvent): string {
    return (this.format === 'legacy' ? eventString(ev) : encodeEvent(ev)) + '\n';
  }

  /** Encodes the event now and queues it; false (and onError) when closed or the buffer is full. */
  process(ev: AuditEvent): boolean {
    if (this.closed) {
      this.onError(new Error('audit log shut down'), 1);
      return false;
    }
    if (this.queue.length >= this.bufferSize) {
      this.onError(new Error('audit buffer queue blocked'), 1);
      return false;
    }
    this.queue.push(Buffer.from(this.line(ev), 'utf8'));
    this.draining ??= this.drain().finally(() => {
      this.draining = undefined;
    });
    return true;
  }

  /** Resolves once every queued event is written. */
  async flush(): Promise<void> {
    while (this.draining) await this.draining;
  }

  /** Refuses further events, writes the queued ones and closes the file. */
  async close(): Promise<void> {
    this.closed = true;
    await this.flush();
    await this.file?.close();
  }

  private async drain(): Promise<void> {
    // Let the current request finish its synchronous work before touching the disk.
    await new Promise<void>((resolve) => setImmediate(resolve));
    while (this.queue.length > 0) {
      const batch = this.queue;
      this.queue = [];
      try {
        if (this.file) await this.file.write(batch);
        else await this.writeOut(Buffer.concat(batch));
      } catch (err) {
        this.onError(err instanceof Error ? err : new Error(String(err)), batch.length);
      }
    }
  }

  private writeOut(chunk: Buffer): Promise<void> {
    const out = this.out!;
    return new Promise<void>((resolve, reject) => {
      const ok = out.write(chunk, (err) => (err ? reject(err) : ok && resolve()));
      if (!ok) out.once('drain', resolve);
    });
  }
}
