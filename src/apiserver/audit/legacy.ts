/**
 * `--audit-log-format=legacy`: upstream's one-line text form of an event (`audit.EventString`),
 * with Go's `%q` quoting and the received time as RFC 3339 with nanoseconds, in local time.
 */
import type { AuditEvent } from './types.js';

import { goQuote } from '../../machinery/go-quote.js';

export { goQuote };

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

/**
 * Go's `Format(time.RFC3339Nano)` of a MicroTime string, in the process's time zone: trailing
 * fractional zeros dropped, `Z` for UTC, else `+hh:mm`.
 */
export function rfc3339NanoLocal(microTime: string): string {
  const m = /^(.*)\.(\d{6})Z$/.exec(microTime);
  const d = new Date(m ? `${m[1]}Z` : microTime);
  const frac = (m ? m[2] : '').replace(/0+$/, '');
  const off = -d.getTimezoneOffset();
  const zone =
    off === 0 ? 'Z' : `${off > 0 ? '+' : '-'}${pad(Math.floor(Math.abs(off) / 60))}:${pad(Math.abs(off) % 60)}`;
  const date = `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
  const time = `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
  return `${date}T${time}${frac ? `.${frac}` : ''}${zone}`;
}

const quoteList = (list: readonly string[]) => list.map(goQuote).join(',');

/** The legacy line of an event (without the newline). */
export function eventString(ev: AuditEvent): string {
  let username = '<none>';
  let groups = '<none>';
  if (ev.user.username) {
    username = ev.user.username;
    if (ev.user.groups?.length) groups = quoteList(ev.user.groups);
  }
  let asUser = '<self>';
  let asGroups = '<lookup>';
  if (ev.impersonatedUser) {
    asUser = ev.impersonatedUser.username ?? '';
    if (ev.impersonatedUser.groups) asGroups = quoteList(ev.impersonatedUser.groups);
  }
  const namespace = ev.objectRef?.namespace || '<none>';
  const response = ev.responseStatus ? String(ev.responseStatus.code ?? 0) : '<deferred>';
  const ip = ev.sourceIPs?.[0] ?? '<unknown>';
  const q = goQuote;
  return (
    `${rfc3339NanoLocal(ev.requestReceivedTimestamp)} AUDIT: id=${q(ev.auditID)} stage=${q(ev.stage)} ip=${q(ip)} ` +
    `method=${q(ev.verb)} user=${q(username)} groups=${q(groups)} as=${q(asUser)} asgroups=${q(asGroups)} ` +
    `user-agent=${q(ev.userAgent ?? '')} namespace=${q(namespace)} uri=${q(ev.requestURI)} response="${response}"`
  );
}
