/**
 * One call that runs the CORE loop on the built-in suite: starts the suite and a browser, builds
 * the pool, picks the synthesizer and policy, runs SelfTrainer, and stops everything it started.
 * `coregym demo` and `coregym train` are thin wrappers around it.
 * @module
 */
import { BrowserRuntime } from '../env/index.ts';
import { ClaudeSynthesizer, HeuristicSynthesizer } from '../labels/index.ts';
import type { Synthesizer } from '../labels/index.ts';
import { startSuite } from '../suite/index.ts';
import type { TaskTemplate } from '../suite/index.ts';
import { builtinPool } from './builtin-pool.ts';
import type { BuiltinPoolOptions } from './builtin-pool.ts';
import { KeyStepInstructor } from './extrapolate.ts';
import { LinearPolicyUpdater } from './policy-updater.ts';
import type { PolicyUpdater } from './policy-updater.ts';
import { SelfTrainer } from './self-trainer.ts';
import type { SelfTrainerOptions, TrainResult } from './self-trainer.ts';

/** Options of `trainOnBuiltinSuite`. */
export interface BuiltinRunOptions extends BuiltinPoolOptions, Pick<SelfTrainerOptions, 'rounds' | 'rolloutsPerTask' | 'parallel' | 'resume' | 'screenshots' | 'onEvent' | 'signal' | 'maxFailureTasks' | 'maxSuccessTasks'> {
  runDir: string;
  /** `heuristic` (offline, default) or `claude` (needs ANTHROPIC_API_KEY), or any Synthesizer. @default 'heuristic' */
  synthesizer?: 'heuristic' | 'claude' | Synthesizer;
  /** @default the built-in LinearPolicy, trained in-process */
  policy?: PolicyUpdater;
  /** Only templates whose id contains this text, or matches this RegExp. */
  tasks?: string | RegExp;
  /** Browser settings (remote endpoints, headed ...). */
  browser?: ConstructorParameters<typeof BrowserRuntime>[0];
  /** Seed of the built-in policy. @default 0 */
  seed?: number;
}

/**
 * Run the whole CORE loop on the built-in suite with no API key needed.
 * @example
 * const result = await trainOnBuiltinSuite({ runDir: 'runs/demo', rounds: 3 });
 * console.log(result.rounds.map((r) => r.heldout_success));
 */
export async function trainOnBuiltinSuite(options: BuiltinRunOptions): Promise<TrainResult> {
  await using suite = await startSuite();
  const runtime = new BrowserRuntime(options.browser);
  try {
    const matches = (t: TaskTemplate) =>
      options.tasks === undefined ? true : typeof options.tasks === 'string' ? t.id.includes(options.tasks) : options.tasks.test(t.id);
    const { pool, eval: evalTasks } = builtinPool(suite, { ...options, filter: (t) => matches(t) && (options.filter?.(t) ?? true) });
    const synthesizer =
      options.synthesizer === undefined || options.synthesizer === 'heuristic'
        ? new HeuristicSynthesizer()
        : options.synthesizer === 'claude'
          ? new ClaudeSynthesizer()
          : options.synthesizer;
    const trainer = new SelfTrainer({
      ...options,
      runtime,
      pool,
      eval: evalTasks,
      synthesizer,
      instructor: new KeyStepInstructor(),
      policy: options.policy ?? new LinearPolicyUpdater({ seed: options.seed ?? 0 }),
    });
    return await trainer.run();
  } finally {
    await runtime.close();
  }
}
