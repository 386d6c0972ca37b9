/** Go's `base64.StdEncoding.DecodeString`, whose acceptance rules Node's lenient decoder lacks. */

const STD_PADDED = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/**
 * Decodes standard, padded base64 as Go does (CR and LF are skipped; anything else not in the
 * alphabet, or missing padding, is refused). Returns undefined for input Go would reject.
 */
export function decodeStdBase64(s: string): Buffer | undefined {
  const stripped = s.replace(/[\r\n]/g, '');
  if (!STD_PADDED.test(stripped)) return undefined;
  return Buffer.from(stripped, 'base64');
}
