/**
 * The interop area's typed error.
 * @module
 */
import { CoregymError } from '../env/index.ts';

/**
 * Importing or running a task from another benchmark failed. Codes: `miniwob_not_found` (no task
 * pages where we looked), `miniwob_start` (a task page did not start an episode),
 * `webarena_invalid` (input that cannot be read as configs), `judge_failed` (the judge could not
 * answer), `interop_options` (a bad option).
 */
export class InteropError extends CoregymError {}
