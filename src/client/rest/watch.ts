/**
 * The watch stream: one JSON event a line, `{"type":"ADDED","object":{…}}`, as the apiserver
 * writes it for `Accept: application/json`. A stream that breaks ends the events quietly, as
 * client-go's StreamWatcher closes on EOF and lost connections: the caller watches again from the
 * last resourceVersion it saw.
 */
import { StringDecoder } from 'node:string_decoder';
import type { ResponseBody } from './h2-exchange.js';

/** The event types of a watch; ERROR carries a metav1.Status as its object. */
export type WatchEventType = 'ADDED' | 'MODIFIED' | 'DELETED' | 'BOOKMARK' | 'ERROR';

/** One watch event. */
export interface WatchEvent<T = unknown> {
  type: WatchEventType;
  object: T;
}

/** Parses newline-delimited JSON events from `body` until it ends, breaks or is destroyed. */
export async function* parseWatchStream<T = unknown>(body: ResponseBody): AsyncGenerator<WatchEvent<T>> {
  const decoder = new StringDecoder('utf8');
  let buf = '';
  try {
    for await (const chunk of body) {
      buf += typeof chunk === 'string' ? chunk : decoder.write(chunk);
      let nl: number;
      while ((nl = buf.indexOf('\n')) >= 0) {
        const line = buf.slice(0, nl).trim();
        buf = buf.slice(nl + 1);
        if (line) yield JSON.parse(line) as WatchEvent<T>;
      }
    }
  } catch (err) {
    // A broken or cancelled stream ends the watch; a bad event is an error.
    if (err instanceof SyntaxError) throw err;
    return;
  } finally {
    body.destroy();
  }
  const rest = (buf + decoder.end()).trim();
  if (rest) yield JSON.parse(rest) as WatchEvent<T>;
}
