/**
 * A bound on a promise the host cannot cancel (a page call, a context close): the caller stops
 * waiting, the work itself may still finish later.
 * @module
 */

/** `p`, or a rejection with `onTimeout()` after `timeout` ms (no bound when `timeout` <= 0). */
export function withTimeout<T>(p: Promise<T>, timeout: number, onTimeout: () => Error): Promise<T> {
  if (timeout <= 0) return p;
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    p.finally(() => clearTimeout(timer)),
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(onTimeout()), timeout);
    }),
  ]);
}
