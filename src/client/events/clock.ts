/** The broadcaster's clock: wall-clock time, since event timestamps and names come from it. */
export { sleep, wallClock, type Clock } from '../wall-clock.js';
