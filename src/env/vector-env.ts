/**
 * VectorEnv: N WebEnvs sharing one browser, reset and stepped as a batch, with Gymnasium's
 * autoreset semantics and per-env error isolation.
 * @module
 */
import type { Action } from './action-schema.ts';
import type { Observation } from './observation.ts';
import type { Rewarder } from './rewarder.ts';
import type { TaskSpec } from './task.ts';
import type { Trajectory } from './trajectory.ts';
import { CoregymError, EnvError, quote } from './errors.ts';
import { BrowserRuntime, type BrowserHost } from './browser.ts';
import { WebEnv, type ResetOptions, type StepInfo, type WebEnvOptions } from './web-env.ts';

/**
 * When a finished sub-environment is reset (Gymnasium's AutoresetMode):
 * - `next_step` (Gymnasium 1.x default): the step that ends an episode returns its final
 *   observation as usual; the NEXT `step()` call resets that sub-env, ignores its action, and
 *   returns the reset observation with reward 0, terminated=false, truncated=false and
 *   `info.autoreset = true`.
 * - `same_step`: the step that ends an episode resets at once and returns the reset observation;
 *   the final observation and info are in `info.finalObservation` / `info.finalInfo`.
 * - `disabled`: finished sub-envs are not reset; stepping them again gives an `env_state` error in
 *   their info until `reset()` is called.
 */
export type AutoresetMode = 'next_step' | 'same_step' | 'disabled';

/** Options of VectorEnv: WebEnv options shared by every sub-env, plus the batch settings. */
export interface VectorEnvOptions extends Omit<WebEnvOptions, 'runtime' | 'rewarder'> {
  /** Number of sub-environments. */
  numEnvs: number;
  /** Browser shared by all sub-envs. @default a BrowserRuntime owned (and closed) by the VectorEnv */
  runtime?: BrowserHost;
  /** A rewarder per sub-env (rewarders are stateful: one instance each). */
  rewarder?: (index: number) => Rewarder;
  /** @default 'next_step' */
  autoreset?: AutoresetMode;
  /** Called with each finished trajectory (ended, truncated, or failed on an infrastructure error). */
  onEpisodeEnd?: (index: number, trajectory: Trajectory) => void;
}

/** Per-sub-env info of a vector step. */
export interface VectorInfo extends Partial<StepInfo> {
  /** This entry is the reset of a sub-env that finished on the previous step (next_step mode). */
  autoreset?: boolean;
  /** The trajectory of the episode that ended at this step. */
  finalTrajectory?: Trajectory;
  /** same_step mode: the observation the episode ended with. */
  finalObservation?: Observation;
  /** same_step mode: the info of the step that ended the episode. */
  finalInfo?: StepInfo;
}

/** Result of `VectorEnv.reset`. */
export interface VectorResetResult {
  observations: Observation[];
  infos: VectorInfo[];
}

/** Result of `VectorEnv.step`. */
export interface VectorStepResult {
  observations: Observation[];
  rewards: number[];
  terminations: boolean[];
  truncations: boolean[];
  infos: VectorInfo[];
}

/** Options of `VectorEnv.reset`. */
export interface VectorResetOptions {
  /** One seed per sub-env, or one integer: sub-env i gets seed + i (as in Gymnasium). */
  seeds?: number | number[];
  task?: TaskSpec | string;
  options?: ResetOptions['options'];
}

function emptyObservation(error: string): Observation {
  return { url: '', title: '', goal: '', tabs: [], activeTab: 0, axtree: '', elements: [], lastActionError: error, dialogs: [], downloads: [], truncated: false };
}

function errorOf(e: unknown): { code: string; message: string } {
  if (e instanceof CoregymError) return { code: e.code, message: e.message };
  return { code: 'env_internal', message: e instanceof Error ? e.message : String(e) };
}

/**
 * N environments in one browser, stepped concurrently. Autoreset follows Gymnasium's `next_step`
 * mode by default; see AutoresetMode. An error in one sub-env (a crash, a reset that fails) is
 * reported in that sub-env's `info.error` and never affects the others.
 * @example
 * await using vec = new VectorEnv({ numEnvs: 4, task: 'shop.add-to-cart' });
 * const { observations } = await vec.reset({ seeds: 0 });
 * const r = await vec.step(observations.map(() => 'noop()'));
 */
export class VectorEnv {
  readonly numEnvs: number;
  readonly autoreset: AutoresetMode;
  /** The sub-environments. */
  readonly envs: readonly WebEnv[];
  private readonly host: BrowserHost;
  private readonly ownsHost: boolean;
  private readonly onEpisodeEnd?: (index: number, trajectory: Trajectory) => void;
  private readonly needsReset: boolean[];
  private closed = false;

  constructor(options: VectorEnvOptions) {
    const { numEnvs, runtime, rewarder, autoreset, onEpisodeEnd, ...shared } = options;
    if (!Number.isInteger(numEnvs) || numEnvs < 1) throw new EnvError('env_options', `VectorEnv: numEnvs must be an integer >= 1 (got ${quote(numEnvs)}).`);
    if (autoreset !== undefined && !['next_step', 'same_step', 'disabled'].includes(autoreset)) {
      throw new EnvError('env_options', `VectorEnv: autoreset must be "next_step", "same_step" or "disabled" (got ${quote(autoreset)}).`);
    }
    this.numEnvs = numEnvs;
    this.autoreset = autoreset ?? 'next_step';
    this.onEpisodeEnd = onEpisodeEnd;
    this.ownsHost = !runtime;
    this.host = runtime ?? new BrowserRuntime();
    this.envs = Array.from({ length: numEnvs }, (_, i) => new WebEnv({ ...shared, runtime: this.host, rewarder: rewarder?.(i) }));
    this.needsReset = new Array<boolean>(numEnvs).fill(false);
  }

  private check(api: string): void {
    if (this.closed) throw new EnvError('env_state', `VectorEnv.${api}: the environment is closed. Create a new VectorEnv.`);
  }

  /**
   * Reset every sub-env concurrently. A sub-env whose reset fails gets an empty observation and
   * `info.error`; it is reset again on its next step.
   */
  async reset(args: VectorResetOptions = {}): Promise<VectorResetResult> {
    this.check('reset');
    const { seeds } = args;
    if (Array.isArray(seeds) && seeds.length !== this.numEnvs) {
      throw new EnvError('env_options', `VectorEnv.reset: seeds must have one entry per sub-env (expected ${this.numEnvs}, got ${seeds.length}).`);
    }
    const results = await Promise.all(this.envs.map(async (env, i) => {
      const seed = seeds === undefined ? undefined : Array.isArray(seeds) ? seeds[i] : seeds + i;
      try {
        const r = await env.reset({ seed, task: args.task, options: args.options });
        this.needsReset[i] = false;
        return { observation: r.observation, info: r.info as VectorInfo };
      } catch (e) {
        if (e instanceof EnvError && e.code === 'env_options') throw e;
        this.needsReset[i] = true;
        const error = errorOf(e);
        return { observation: emptyObservation(error.message), info: { error, episodeError: error } as VectorInfo };
      }
    }));
    return { observations: results.map((r) => r.observation), infos: results.map((r) => r.info) };
  }

  /** Step every sub-env concurrently with its action (see AutoresetMode for finished ones). */
  async step(actions: ReadonlyArray<Action | string>): Promise<VectorStepResult> {
    this.check('step');
    if (actions.length !== this.numEnvs) {
      throw new EnvError('env_options', `VectorEnv.step: expected one action per sub-env (expected ${this.numEnvs}, got ${actions.length}).`);
    }
    const results = await Promise.all(this.envs.map((env, i) => this.stepOne(env, i, actions[i]!)));
    return {
      observations: results.map((r) => r.observation),
      rewards: results.map((r) => r.reward),
      terminations: results.map((r) => r.terminated),
      truncations: results.map((r) => r.truncated),
      infos: results.map((r) => r.info),
    };
  }

  private async resetOne(env: WebEnv, i: number): Promise<{ observation: Observation; reward: number; terminated: boolean; truncated: boolean; info: VectorInfo }> {
    try {
      const r = await env.reset();
      this.needsReset[i] = false;
      return { observation: r.observation, reward: 0, terminated: false, truncated: false, info: { ...r.info, autoreset: true } };
    } catch (e) {
      const error = errorOf(e);
      return { observation: emptyObservation(error.message), reward: 0, terminated: false, truncated: false, info: { error, episodeError: error, autoreset: true } };
    }
  }

  private async stepOne(env: WebEnv, i: number, action: Action | string) {
    if (this.needsReset[i] && this.autoreset !== 'disabled') return this.resetOne(env, i);
    let r;
    try {
      r = await env.step(action);
    } catch (e) {
      const error = errorOf(e);
      this.needsReset[i] = true;
      return { observation: emptyObservation(error.message), reward: 0, terminated: true, truncated: false, info: { error, episodeError: error } as VectorInfo };
    }
    const info: VectorInfo = r.info;
    if (r.terminated || r.truncated) {
      const traj = env.trajectory;
      if (traj) {
        info.finalTrajectory = traj;
        this.onEpisodeEnd?.(i, traj);
      }
      this.needsReset[i] = true;
      if (this.autoreset === 'same_step') {
        const next = await this.resetOne(env, i);
        return {
          observation: next.observation,
          reward: r.reward,
          terminated: r.terminated,
          truncated: r.truncated,
          info: { ...next.info, autoreset: undefined, finalObservation: r.observation, finalInfo: r.info, finalTrajectory: traj },
        };
      }
    }
    return { observation: r.observation, reward: r.reward, terminated: r.terminated, truncated: r.truncated, info };
  }

  /** Close every sub-env (and the browser, when this VectorEnv created it). Idempotent. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await Promise.all(this.envs.map((e) => e.close()));
    if (this.ownsHost) await this.host.close();
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.close();
  }
}
