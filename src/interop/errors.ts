/**
 * The interop area's typed error.
 * @module
 */
import { CoregymError } from '../env/index.ts';

/**
 * Importing or running a task from another benchmark failed. Codes: `miniwob_not_found` (no task
 * pages where we looked), `miniwob_start` (a task page did not start an episode),
 * `webarena_invalid` (a config that does not validate), `judge_failed` (the judge could not answer).
 */
export class InteropError extends CoregymError {}
