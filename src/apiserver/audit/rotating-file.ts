/**
 * A size-rotated log file as upstream's audit log uses it (gopkg.in/natefinch/lumberjack.v2):
 * appends to `name.ext`; when a write would pass `maxSize` MB (0 means 100) the file is renamed
 * `name-2006-01-02T15-04-05.000.ext` (UTC) and a new one started; old backups beyond `maxBackups`
 * or older than `maxAge` days are removed, the rest gzipped when `compress`.
 */
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, open, readdir, rename, rm, stat, type FileHandle } from 'node:fs/promises';
import { basename, dirname, extname, join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';

const MEGABYTE = 1024 * 1024;
const DEFAULT_MAX_SIZE_MB = 100;
const COMPRESS_SUFFIX = '.gz';

export interface RotatingFileOptions {
  filename: string;
  /** Megabytes before rotation; 0 or absent means 100. */
  maxSize?: number;
  /** Backups kept; 0 keeps all (subject to maxAge). */
  maxBackups?: number;
  /** Days backups are kept, by the time in their names; 0 keeps them regardless of age. */
  maxAge?: number;
  /** Gzip backups. */
  compress?: boolean;
  /** The clock (default: now). */
  now?: () => Date;
}

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

/** lumberjack's backup timestamp, `2006-01-02T15-04-05.000`, in UTC. */
export function backupTimestamp(t: Date): string {
  return (
    `${t.getUTCFullYear()}-${pad(t.getUTCMonth() + 1)}-${pad(t.getUTCDate())}T` +
    `${pad(t.getUTCHours())}-${pad(t.getUTCMinutes())}-${pad(t.getUTCSeconds())}.${pad(t.getUTCMilliseconds(), 3)}`
  );
}

function parseBackupTimestamp(s: string): number | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2})-(\d{2})-(\d{2})\.(\d{3})$/.exec(s);
  if (!m) return undefined;
  const [y, mo, d, h, mi, se, ms] = m.slice(1).map(Number);
  const t = Date.UTC(y, mo - 1, d, h, mi, se, ms);
  return Number.isNaN(t) ? undefined : t;
}

export class RotatingFile {
  private fh?: FileHandle;
  private size = 0;
  private milling: Promise<void> = Promise.resolve();
  private readonly max: number;
  private readonly now: () => Date;

  constructor(private readonly opts: RotatingFileOptions) {
    this.max = (opts.maxSize || DEFAULT_MAX_SIZE_MB) * MEGABYTE;
    this.now = opts.now ?? (() => new Date());
  }

  /**
   * Appends each chunk as one write (each rotated for as lumberjack rotates for a Write call).
   * A chunk larger than the maximum size is refused with lumberjack's message; the others are written.
   */
  async write(chunks: readonly Buffer[]): Promise<void> {
    let pending: Buffer[] = [];
    let pendingLen = 0;
    let tooLong: Error | undefined;
    const flush = async () => {
      if (pendingLen === 0) return;
      await this.fh!.write(Buffer.concat(pending, pendingLen));
      this.size += pendingLen;
      pending = [];
      pendingLen = 0;
    };
    for (const chunk of chunks) {
      if (chunk.length > this.max) {
        tooLong ??= new Error(`write length ${chunk.length} exceeds maximum file size ${this.max}`);
        continue;
      }
      if (!this.fh) await this.openExistingOrNew(chunk.length);
      if (this.size + pendingLen + chunk.length > this.max) {
        await flush();
        await this.rotate();
      }
      pending.push(chunk);
      pendingLen += chunk.length;
    }
    await flush();
    if (tooLong) throw tooLong;
  }

  /** Closes the file once pending removals and compressions are done. */
  async close(): Promise<void> {
    await this.milling;
    const fh = this.fh;
    this.fh = undefined;
    await fh?.close();
  }

  private async openExistingOrNew(writeLen: number): Promise<void> {
    this.mill();
    const info = await stat(this.opts.filename).catch((e: NodeJS.ErrnoException) => {
      if (e.code === 'ENOENT') return undefined;
      throw e;
    });
    if (!info) return this.openNew();
    if (info.size + writeLen >= this.max) return this.rotate();
    this.fh = await open(this.opts.filename, 'a');
    this.size = info.size;
  }

  private async openNew(): Promise<void> {
    const name = this.opts.filename;
    await mkdir(dirname(name), { recursive: true, mode: 0o755 });
    let mode = 0o600;
    const info = await stat(name).catch(() => undefined);
    if (info) {
      mode = info.mode & 0o777;
      await rename(name, this.backupName(this.now()));
    }
    this.fh = await open(name, 'w', mode);
    this.size = 0;
  }

  private async rotate(): Promise<void> {
    const fh = this.fh;
    this.fh = undefined;
    await fh?.close();
    await this.openNew();
    this.mill();
  }

  private parts(): { dir: string; prefix: string; ext: string } {
    const name = basename(this.opts.filename);
    const ext = extname(name);
    return { dir: dirname(this.opts.filename), prefix: `${name.slice(0, name.length - ext.length)}-`, ext };
  }

  private backupName(t: Date): string {
    const { dir, prefix, ext } = this.parts();
    return join(dir, `${prefix}${backupTimestamp(t)}${ext}`);
  }

  /** Starts removing and compressing backups in the background (lumberjack's mill goroutine). */
  private mill(): void {
    this.milling = this.milling.then(() => this.millOnce()).catch(() => {});
  }

  private async millOnce(): Promise<void> {
    const { maxBackups = 0, maxAge = 0, compress = false } = this.opts;
    if (maxBackups === 0 && maxAge === 0 && !compress) return;
    let files = await this.oldLogFiles();
    const remove: string[] = [];
    if (maxBackups > 0 && maxBackups < files.length) {
      const preserved = new Set<string>();
      const remaining: typeof files = [];
      for (const f of files) {
        preserved.add(f.name.endsWith(COMPRESS_SUFFIX) ? f.name.slice(0, -COMPRESS_SUFFIX.length) : f.name);
        if (preserved.size > maxBackups) remove.push(f.name);
        else remaining.push(f);
      }
      files = remaining;
    }
    if (maxAge > 0) {
      const cutoff = this.now().getTime() - maxAge * 24 * 3600 * 1000;
      const remaining: typeof files = [];
      for (const f of files) {
        if (f.time < cutoff) remove.push(f.name);
        else remaining.push(f);
      }
      files = remaining;
    }
    const { dir } = this.parts();
    for (const name of remove) await rm(join(dir, name), { force: true });
    if (!compress) return;
    for (const f of files) {
      if (f.name.endsWith(COMPRESS_SUFFIX)) continue;
      const src = join(dir, f.name);
      const info = await stat(src);
      await pipeline(
        createReadStream(src),
        createGzip(),
        createWriteStream(src + COMPRESS_SUFFIX, { mode: info.mode & 0o777 }),
      );
      await rm(src, { force: true });
    }
  }

  /** Backups in the directory, newest first. */
  private async oldLogFiles(): Promise<{ name: string; time: number }[]> {
    const { dir, prefix, ext } = this.parts();
    const entries = await readdir(dir, { withFileTypes: true });
    const out: { name: string; time: number }[] = [];
    for (const e of entries) {
      if (e.isDirectory() || !e.name.startsWith(prefix)) continue;
      for (const suffix of [ext, ext + COMPRESS_SUFFIX]) {
        if (!e.name.endsWith(suffix) || e.name.length < prefix.length + suffix.length) continue;
        const time = parseBackupTimestamp(e.name.slice(prefix.length, e.name.length - suffix.length));
        if (time !== undefined) {
          out.push({ name: e.name, time });
          break;
        }
      }
    }
    return out.sort((a, b) => b.time - a.time);
  }
}
