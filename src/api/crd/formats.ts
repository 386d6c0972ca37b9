/**
 * String formats that custom-resource validation checks, as upstream's apiextensions
 * (`StripUnsupportedFormatsPostProcess`) keeps them and kube-openapi's `strfmt` registry checks
 * them. Formats outside this list are ignored (stripped) on strings; integers keep only
 * int32/int64 and numbers float/double, which only the type check reads.
 */
import { parseQuantity } from '../../machinery/quantity.js';
import { parseCIDRSloppy, parseIPSloppy } from '../../machinery/validation/ip.js';

const normalize = (name: string) => name.replace(/-/g, '');

const hostnameLabel = '[a-zA-Z0-9\\p{S}\\p{L}]';
const rxHostname = new RegExp(
  `^(${hostnameLabel}((-?${hostnameLabel}{0,62})?)|(${hostnameLabel}(([a-zA-Z0-9\\-\\p{S}\\p{L}]{0,61}${hostnameLabel})?)(\\.)){1,}(${hostnameLabel})(-?${hostnameLabel}){1,62})$`,
  'u',
);

function isHostname(s: string): boolean {
  return rxHostname.test(s) && Buffer.byteLength(s) <= 255 && s.split('.').every((p) => Buffer.byteLength(p) <= 63);
}

/** Go's `url.ParseRequestURI`: an absolute URI with a scheme, or an absolute path. */
function isRequestURI(s: string): boolean {
  if (s.startsWith('/')) return !/\s/.test(s);
  const m = /^([a-zA-Z][a-zA-Z0-9+.-]*):(.*)$/.exec(s);
  if (!m || /[\s]/.test(s)) return false;
  try {
    new URL(s);
    return true;
  } catch {
    return false;
  }
}

/** Go's `net/mail.ParseAddress`, for the plain and the `Name <addr>` forms. */
function isEmail(s: string): boolean {
  const m = /^\s*(?:"[^"]*"|[^<>]*?)?\s*<([^<>]+)>\s*$/.exec(s);
  const addr = m ? m[1] : s.trim();
  return /^[A-Za-z0-9!#$%&'*+/=?^_`{|}~.-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*$/.test(addr) && !addr.includes('..');
}

/** Go's `net.ParseMAC`: 6, 8 or 20 octets, `:`/`-` separated pairs or `.` separated quads. */
function isMAC(s: string): boolean {
  for (const len of [6, 8, 20]) {
    if (new RegExp(`^[0-9a-fA-F]{2}([:-])[0-9a-fA-F]{2}(\\1[0-9a-fA-F]{2}){${len - 2}}$`).test(s)) return true;
    if (new RegExp(`^[0-9a-fA-F]{4}(\\.[0-9a-fA-F]{4}){${len / 2 - 1}}$`).test(s)) return true;
  }
  return false;
}

function isISBN10(s: string): boolean {
  const d = s.replace(/[\s-]/g, '');
  if (!/^(?:[0-9]{9}X|[0-9]{10})$/.test(d)) return false;
  let sum = 0;
  for (let i = 0; i < 9; i++) sum += (i + 1) * Number(d[i]);
  sum += d[9] === 'X' ? 100 : 10 * Number(d[9]);
  return sum % 11 === 0;
}

function isISBN13(s: string): boolean {
  const d = s.replace(/[\s-]/g, '');
  if (!/^[0-9]{13}$/.test(d)) return false;
  let sum = 0;
  for (let i = 0; i < 12; i++) sum += Number(d[i]) * (i % 2 === 0 ? 1 : 3);
  return (10 - (sum % 10)) % 10 === Number(d[12]);
}

function isCreditCard(s: string): boolean {
  const d = s.replace(/[^0-9]/g, '');
  const rx =
    /^(?:4[0-9]{12}(?:[0-9]{3})?|5[1-5][0-9]{14}|(222[1-9]|22[3-9][0-9]|2[3-6][0-9]{2}|27[01][0-9]|2720)[0-9]{12}|6(?:011|5[0-9][0-9])[0-9]{12}|3[47][0-9]{13}|3(?:0[0-5]|[68][0-9])[0-9]{11}|(?:2131|1800|35\d{3})\d{11}|6[27][0-9]{14})$/;
  if (!rx.test(d)) return false;
  let sum = 0;
  let double = false;
  for (let i = d.length - 1; i >= 0; i--) {
    let n = Number(d[i]);
    if (double) n = n * 2 > 9 ? n * 2 - 9 : n * 2;
    sum += n;
    double = !double;
  }
  return sum % 10 === 0;
}

const rgbPart = '\\s*(0|[1-9]\\d?|1\\d\\d?|2[0-4]\\d|25[0-5])\\s*';
const rxRGB = new RegExp(`^rgb\\(${rgbPart},${rgbPart},${rgbPart}\\)$`);

/** RFC 3339 full-date with a valid day of month. */
function isDate(s: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  return mo >= 1 && mo <= 12 && d >= 1 && d <= new Date(Date.UTC(y, mo, 0)).getUTCDate();
}

/** strfmt's date-time layouts: RFC 3339 with or without fraction and colon, and the local forms. */
function isDateTime(s: string): boolean {
  const m = /^(\d{4}-\d{2}-\d{2})[Tt ](\d{2}):(\d{2})(?::(\d{2})(\.\d+)?)?([Zz]|[+-]\d{2}:?\d{2})?$/.exec(s);
  if (!m || !isDate(m[1])) return false;
  const [h, mi, sec] = [Number(m[2]), Number(m[3]), Number(m[4] ?? 0)];
  return h < 24 && mi < 60 && sec < 60;
}

/** Go's `time.ParseDuration`, or strfmt's `3 days`-style fallback. */
function isDuration(s: string): boolean {
  if (/^[-+]?((\d+(\.\d*)?|\.\d+)(ns|us|µs|μs|ms|s|m|h))+$/.test(s) || s === '0') return true;
  if (!/^\s*(?:\d+\s*[A-Za-zµ]+\s*)+$/.test(s)) return false;
  const units = [
    ['ns', 'nano'],
    ['us', 'µs', 'micro'],
    ['ms', 'milli'],
    ['s', 'sec'],
    ['m', 'min'],
    ['h', 'hr', 'hour'],
    ['d', 'day'],
    ['w', 'wk', 'week'],
  ];
  return [...s.matchAll(/(\d+)\s*([A-Za-zµ]+)/g)].some(([, , u]) => {
    const unit = u.toLowerCase();
    return units.some((vs) => vs.some((v, i) => v === unit || (i === vs.length - 1 && unit.startsWith(v))));
  });
}

function isQuantity(s: string): boolean {
  try {
    parseQuantity(s);
    return true;
  } catch {
    return false;
  }
}

const ipHas = (s: string, sep: string) => s.includes(sep) && parseIPSloppy(s) !== undefined;

const CHECKS: Record<string, (s: string) => boolean> = {
  bsonobjectid: (s) => /^[0-9a-fA-F]{24}$/.test(s),
  uri: isRequestURI,
  email: isEmail,
  hostname: isHostname,
  ipv4: (s) => ipHas(s, '.') && !s.includes(':'),
  ipv6: (s) => ipHas(s, ':'),
  cidr: (s) => parseCIDRSloppy(s) !== undefined,
  mac: isMAC,
  uuid: (s) => /^[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$/i.test(s),
  uuid3: (s) => /^[0-9a-f]{8}-?[0-9a-f]{4}-?3[0-9a-f]{3}-?[0-9a-f]{4}-?[0-9a-f]{12}$/i.test(s),
  uuid4: (s) => /^[0-9a-f]{8}-?[0-9a-f]{4}-?4[0-9a-f]{3}-?[89ab][0-9a-f]{3}-?[0-9a-f]{12}$/i.test(s),
  uuid5: (s) => /^[0-9a-f]{8}-?[0-9a-f]{4}-?5[0-9a-f]{3}-?[89ab][0-9a-f]{3}-?[0-9a-f]{12}$/i.test(s),
  isbn: (s) => isISBN10(s) || isISBN13(s),
  isbn10: isISBN10,
  isbn13: isISBN13,
  creditcard: isCreditCard,
  ssn: (s) => s.length === 11 && /^\d{3}[- ]?\d{2}[- ]?\d{4}$/.test(s),
  hexcolor: (s) => /^#?([0-9a-fA-F]{3}|[0-9a-fA-F]{6})$/.test(s),
  rgbcolor: (s) => rxRGB.test(s),
  byte: (s) => /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=|[A-Za-z0-9+/]{4})$/.test(s),
  password: () => true,
  date: isDate,
  duration: isDuration,
  datetime: isDateTime,
  quantity: isQuantity,
};

/** Whether kube-openapi's registry knows the string format (`date-time` and `datetime` alike). */
export const isKnownFormat = (format: string): boolean => normalize(format) in CHECKS;

/** Whether s is valid for a known string format. */
export const checkFormat = (format: string, s: string): boolean => CHECKS[normalize(format)]?.(s) ?? true;

/**
 * Upstream's format stripping for custom resources: the format the validator sees for a schema of
 * the given types ('' when it is ignored).
 */
export function effectiveFormat(types: readonly string[], format: string | undefined): string {
  if (!format) return '';
  const t = types.length === 1 ? types[0] : '';
  if (t === '' || t === 'string') return isKnownFormat(format) ? format : '';
  if (t === 'integer') return format === 'int32' || format === 'int64' ? format : '';
  if (t === 'number') return format === 'float' || format === 'double' ? format : '';
  return '';
}
