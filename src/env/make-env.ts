/**
 * makeEnv: the factory that picks defaults for a WebEnv of a registered task (Gymnasium's gym.make).
 * @module
 */
import { getTask } from './registry.ts';
import { WebEnv, type WebEnvOptions } from './web-env.ts';

/**
 * A WebEnv for the registered task `id`. Without `options.runtime` the env launches (and on close,
 * closes) its own browser; pass a shared BrowserRuntime to run many envs in one browser.
 * @throws TaskFileError `task_unknown` with the nearest registered ids.
 * @example
 * const env = makeEnv('shop.add-to-cart', { runtime });
 */
export function makeEnv(id: string, options: Omit<WebEnvOptions, 'task'> = {}): WebEnv {
  return new WebEnv({ ...options, task: getTask(id) });
}
