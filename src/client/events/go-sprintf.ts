/**
 * A small `fmt.Sprintf` for event messages (`eventf`): the verbs controllers use in practice —
 * `%v %+v %s %d %q %x %X %f %.Nf %t %%` — with Go's markers for missing (`%!v(MISSING)`) and
 * extra (`%!(EXTRA ...)`) arguments. Widths and flags other than `+` are accepted and ignored.
 */
import { goQuote } from '../../machinery/go-quote.js';

function defaultFormat(arg: unknown): string {
  if (arg === null || arg === undefined) return '<nil>';
  if (typeof arg === 'string') return arg;
  if (typeof arg === 'number' || typeof arg === 'boolean' || typeof arg === 'bigint') return String(arg);
  if (arg instanceof Error) return arg.message;
  if (arg instanceof Date) return arg.toISOString();
  if (Array.isArray(arg)) return `[${arg.map(defaultFormat).join(' ')}]`;
  try {
    return JSON.stringify(arg);
  } catch {
    return String(arg);
  }
}

function formatVerb(verb: string, precision: number | undefined, arg: unknown): string {
  switch (verb) {
    case 'v':
    case 's':
      return defaultFormat(arg);
    case 'd':
      return typeof arg === 'number'
        ? String(Math.trunc(arg))
        : typeof arg === 'bigint'
          ? String(arg)
          : `%!d(${defaultFormat(arg)})`;
    case 'q':
      return goQuote(defaultFormat(arg));
    case 'x':
    case 'X': {
      const s =
        typeof arg === 'number' || typeof arg === 'bigint'
          ? arg.toString(16)
          : Buffer.from(defaultFormat(arg), 'utf8').toString('hex');
      return verb === 'X' ? s.toUpperCase() : s;
    }
    case 'f':
      return typeof arg === 'number' ? arg.toFixed(precision ?? 6) : `%!f(${defaultFormat(arg)})`;
    case 't':
      return typeof arg === 'boolean' ? String(arg) : `%!t(${defaultFormat(arg)})`;
    default:
      return `%!${verb}(${defaultFormat(arg)})`;
  }
}

/** Formats `format` with `args` the way Go's `fmt.Sprintf` does for the supported verbs. */
export function goSprintf(format: string, ...args: unknown[]): string {
  let next = 0;
  const out = format.replace(/%([-+# 0]*)(\d*)(?:\.(\d+))?([a-zA-Z%])/g, (_m, _flags, _width, prec, verb: string) => {
    if (verb === '%') return '%';
    if (next >= args.length) return `%!${verb}(MISSING)`;
    return formatVerb(verb, prec === undefined ? undefined : Number(prec), args[next++]);
  });
  if (next < args.length) {
    const extra = args.slice(next).map((a) => `${typeof a}=${defaultFormat(a)}`);
    return `${out}%!(EXTRA ${extra.join(', ')})`;
  }
  return out;
}
