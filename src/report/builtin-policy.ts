/**
 * The built-in learnable policy as a benchmark agent: a LinearPolicy trained by behaviour cloning
 * on expert demos of the suite's train templates. Shipped demos are used where they exist; the
 * others are recorded now by the templates' scripted solvers (the result counts both).
 * @module
 */
import { LinearPolicy } from '../agents/index.ts';
import type { TrainReport } from '../agents/index.ts';
import { RunError, WebEnv } from '../env/index.ts';
import type { BrowserHost, Trajectory } from '../env/index.ts';
import { loadDemos, runSolver } from '../suite/index.ts';
import type { RunningSuite } from '../suite/index.ts';

/** Options of `trainBuiltinPolicy`. */
export interface BuiltinPolicyOptions {
  /** Browser to record missing demos in. Required when `record` is on. */
  runtime?: BrowserHost;
  /** Train templates to learn from. @default every train template of the suite */
  taskIds?: readonly string[];
  /** Seeds of the demos (keep them apart from benchmark seeds, which start at 1001). @default [1, 2, 3] */
  demoSeeds?: readonly number[];
  /** Record demos the package does not ship with the scripted solvers: all of them, none, or only those of these template ids. @default true */
  record?: boolean | readonly string[];
  /** Folder of demos. @default the shipped demos */
  demoDir?: string;
  /** Seed of the policy. @default 1 */
  seed?: number;
  /** Training epochs. @default 12 */
  epochs?: number;
  /** Environments at once while recording. @default 2 */
  parallel?: number;
}

/** The trained policy and how it was made. */
export interface BuiltinPolicy {
  policy: LinearPolicy;
  train: TrainReport;
  /** Demos loaded from the demo folder. */
  shipped: number;
  /** Demos recorded now by the solvers. */
  recorded: number;
  /** Template/seed pairs whose solver failed (no demo). */
  failed: string[];
}

/**
 * Train the built-in LinearPolicy (greedy, temperature 0) on expert demos of train templates.
 * @example
 * const { policy } = await trainBuiltinPolicy(suite, { runtime, taskIds: ['shop.add-to-wishlist'] });
 */
export async function trainBuiltinPolicy(suite: RunningSuite, options: BuiltinPolicyOptions = {}): Promise<BuiltinPolicy> {
  const seeds = options.demoSeeds ?? [1, 2, 3];
  const templates = suite.templates.filter((t) => (t.split ?? 'train') === 'train' && (!options.taskIds || options.taskIds.includes(t.id)));
  const shipped = loadDemos(suite.urls, { dir: options.demoDir, taskIds: templates.map((t) => t.id), seeds });
  const have = new Set(shipped.map((d) => `${d.taskId}/${d.seed}`));
  const record = options.record ?? true;
  const recordable = (id: string) => (Array.isArray(record) ? record.includes(id) : record === true);
  const missing = templates.filter((t) => recordable(t.id)).flatMap((t) => seeds.filter((s) => !have.has(`${t.id}/${s}`)).map((seed) => ({ template: t, seed })));
  const recorded: Trajectory[] = [];
  const failed: string[] = [];
  if (missing.length > 0 && options.runtime) {
    let next = 0;
    const worker = async () => {
      const env = new WebEnv({ runtime: options.runtime });
      try {
        for (let i = next++; i < missing.length; i = next++) {
          const { template, seed } = missing[i]!;
          try {
            const demo = await runSolver(env, template, seed);
            if (demo.outcome?.oracle?.success === false || demo.outcome?.error) failed.push(`${template.id}@${seed}`);
            else recorded.push(demo);
          } catch (error) {
            // A broken solver means one demo fewer, not a broken benchmark; it is listed in `failed`.
            failed.push(`${template.id}@${seed}: ${(error as Error).message}`);
          }
        }
      } finally {
        await env.close();
      }
    };
    await Promise.all(Array.from({ length: Math.min(options.parallel ?? 2, missing.length) }, worker));
  } else {
    failed.push(...missing.map((m) => `${m.template.id}@${m.seed}: no demo`));
  }
  if (shipped.length + recorded.length === 0) {
    throw new RunError('run_invalid', `trainBuiltinPolicy: no expert demos for ${templates.length} train templates at seeds ${seeds.join(', ')} (expected shipped demos or working solvers; failed: ${failed.slice(0, 3).join('; ') || 'none'}). Run \`coregym suite record-demos\`, or pass a runtime so missing demos are recorded.`);
  }
  const policy = new LinearPolicy({ seed: options.seed ?? 1, temperature: 0 });
  const train = policy.train([...shipped, ...recorded], options.epochs === undefined ? {} : { epochs: options.epochs });
  return { policy, train, shipped: shipped.length, recorded: recorded.length, failed };
}
