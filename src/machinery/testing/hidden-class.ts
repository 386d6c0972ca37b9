/**
 * For tests of what V8 makes of our objects: whether two share one hidden class (V8's "map"). Turns
 * on V8's natives syntax for this process, which only tests may do.
 */
import { setFlagsFromString } from 'node:v8';

setFlagsFromString('--allow-natives-syntax');

/** Whether V8 gave `a` and `b` one hidden class. */
export const sameHiddenClass = new Function('a', 'b', 'return %HaveSameMap(a, b)') as (a: object, b: object) => boolean;
