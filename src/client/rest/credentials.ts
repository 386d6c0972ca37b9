/**
 * The per-request credential headers of a RestConfig: a bearer token (read again from its file
 * every minute, as client-go's cached token source does, so rotated service-account tokens are
 * picked up), basic auth, and impersonation.
 */
import { readFile } from 'node:fs/promises';
import { realClock, type Clock } from './clock.js';
import type { RestConfig } from './config.js';

/** How long a token read from a file is used before the file is read again (client-go: 1 minute). */
export const TOKEN_FILE_REFRESH_MS = 60_000;

/** Makes the `Authorization` and `Impersonate-*` headers for a RestConfig. */
export class Credentials {
  private token: string | undefined;
  private readAt = -Infinity;

  constructor(
    private readonly config: RestConfig,
    private readonly clock: Clock = realClock,
  ) {
    this.token = config.bearerToken?.trim() || undefined;
    // A token given alongside its file is the file's first reading.
    if (this.token) this.readAt = clock.now();
  }

  /** The current bearer token, re-read from `bearerTokenFile` when the last reading is a minute old. */
  async bearerToken(): Promise<string | undefined> {
    if (this.config.tokenSource) return this.config.tokenSource();
    const file = this.config.bearerTokenFile;
    if (file && this.clock.now() - this.readAt >= TOKEN_FILE_REFRESH_MS) {
      try {
        this.token = (await readFile(file, 'utf8')).trim();
        this.readAt = this.clock.now();
      } catch (err) {
        // Keep the token we have, as client-go does; without one the error is the caller's.
        if (!this.token) throw err;
      }
    }
    return this.token;
  }

  /** The headers to add to one request. */
  async headers(): Promise<Record<string, string | string[]>> {
    const h: Record<string, string | string[]> = {};
    const token = await this.bearerToken();
    if (token) h.authorization = `Bearer ${token}`;
    else if (this.config.username || this.config.password) {
      const basic = Buffer.from(`${this.config.username ?? ''}:${this.config.password ?? ''}`).toString('base64');
      h.authorization = `Basic ${basic}`;
    }
    const imp = this.config.impersonate;
    if (imp?.userName) {
      h['impersonate-user'] = imp.userName;
      if (imp.uid) h['impersonate-uid'] = imp.uid;
      if (imp.groups?.length) h['impersonate-group'] = imp.groups;
    }
    return h;
  }
}
