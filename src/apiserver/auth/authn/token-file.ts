/**
 * Static bearer tokens from `--token-auth-file` (upstream's `token/tokenfile`): a CSV of
 * `token,user,uid` with an optional fourth column `"group1,group2"`.
 */
import { readFile } from 'node:fs/promises';
import { readCsv } from './go-csv.js';
import type { UserInfo } from './user.js';

/** The users of a token file by token, plus the warnings upstream logs while reading it. */
export class TokenFile {
  private constructor(
    private readonly tokens: Map<string, UserInfo>,
    /** Warnings upstream logs (empty and duplicate tokens), in file order. */
    readonly warnings: string[],
  ) {}

  /**
   * Parses token-file text. `path` only names the file in messages. Throws with upstream's
   * messages: Go CSV parse errors, and `token file '<path>' must have at least 3 columns (token,
   * user name, user uid), found <n>`. Empty tokens are skipped; a later duplicate wins.
   */
  static parse(text: string, path = ''): TokenFile {
    const tokens = new Map<string, UserInfo>();
    const warnings: string[] = [];
    let recordNum = 0;
    for (const record of readCsv(text)) {
      if (record.length < 3) {
        throw new Error(
          `token file '${path}' must have at least 3 columns (token, user name, user uid), found ${record.length}`,
        );
      }
      recordNum++;
      const [token, name, uid] = record;
      if (token === '') {
        warnings.push(`empty token has been found in token file '${path}', record number '${recordNum}'`);
        continue;
      }
      if (tokens.has(token)) {
        warnings.push(`duplicate token has been found in token file '${path}', record number '${recordNum}'`);
      }
      const user: UserInfo = { name, uid, groups: record.length >= 4 ? record[3].split(',') : [] };
      tokens.set(token, user);
    }
    return new TokenFile(tokens, warnings);
  }

  /** Reads and parses `path`; a missing file fails as Go's does: `open <path>: no such file or directory`. */
  static async load(path: string): Promise<TokenFile> {
    let text: string;
    try {
      text = await readFile(path, 'utf8');
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'ENOENT') throw new Error(`open ${path}: no such file or directory`);
      if (code === 'EACCES') throw new Error(`open ${path}: permission denied`);
      throw err;
    }
    return TokenFile.parse(text, path);
  }

  /** The user of `token`, or `undefined` when the file does not list it. */
  lookup(token: string): UserInfo | undefined {
    const user = this.tokens.get(token);
    return user && { ...user, groups: [...user.groups] };
  }

  /** How many tokens the file holds. */
  get size(): number {
    return this.tokens.size;
  }
}
