/**
 * The built-in suite as a CORE task pool: one instance per train template (at a demo's seed) with
 * its shipped expert demo, and evaluation tasks on unseen seeds and held-out templates.
 * @module
 */
import { RunError } from '../env/index.ts';
import { loadDemos } from '../suite/index.ts';
import type { RunningSuite, TaskTemplate } from '../suite/index.ts';
import type { EvalTask } from './self-trainer.ts';
import { fixedInstanceSpec, instanceId } from './task-pool.ts';
import type { PoolTask } from './task-pool.ts';

/** Options of `builtinPool`. */
export interface BuiltinPoolOptions {
  /** Demo seeds to build pool tasks from (each must have a shipped demo). @default [1, 2] */
  poolSeeds?: readonly number[];
  /**
   * Pool seeds whose demos also train the policy; the other pool tasks' demos only yield labels,
   * and the policy learns those instances from its own label-verified rollouts. @default [1]
   */
  trainSeeds?: readonly number[];
  /**
   * Share of the train templates whose demos (at `trainSeeds`) train the initial policy, taken
   * every n-th template of each site. The other templates' demos only yield labels: the policy
   * meets those tasks first in exploration and learns them only from its own label-verified
   * rollouts, which is what the CORE loop is for. @default 1
   */
  demoTemplateShare?: number;
  /** Unseen seeds of the train templates to evaluate on. @default [1001] */
  heldoutSeeds?: readonly number[];
  /** Seeds of held-out templates to evaluate on (none: skip them). @default [1001] */
  heldoutTemplateSeeds?: readonly number[];
  /** Only templates whose id matches. */
  filter?: (template: TaskTemplate) => boolean;
  /** Folder of demos. @default the shipped demos */
  demoDir?: string;
}

/**
 * Build the pool and evaluation tasks of a run over the built-in suite.
 * Only the first strategy's demo of each task seeds its graph: the other strategies are what
 * graph expansion must discover.
 * @throws RunError `run_invalid` when no demos are found (run `coregym suite record-demos`).
 */
export function builtinPool(suite: RunningSuite, options: BuiltinPoolOptions = {}): { pool: PoolTask[]; eval: EvalTask[] } {
  const poolSeeds = options.poolSeeds ?? [1, 2];
  const trainSeeds = options.trainSeeds ?? [1];
  const templates = suite.templates.filter((t) => !options.filter || options.filter(t));
  const train = templates.filter((t) => (t.split ?? 'train') === 'train');
  const heldout = templates.filter((t) => t.split === 'heldout');
  const demos = loadDemos(suite.urls, { dir: options.demoDir, taskIds: train.map((t) => t.id), seeds: poolSeeds });
  if (demos.length === 0) {
    throw new RunError('run_invalid', `builtinPool: no demos found for the train templates at seeds ${poolSeeds.join(', ')}. Run \`coregym suite record-demos\` first.`);
  }
  const share = options.demoTemplateShare ?? 1;
  if (!(share >= 0 && share <= 1)) throw new RunError('run_invalid', `builtinPool: demoTemplateShare must be in [0, 1] (got ${share}).`);
  const imitated = imitatedTemplates(train, share);
  const pool: PoolTask[] = [];
  for (const template of train) {
    const strategies = Object.keys(template.solvers);
    for (const seed of poolSeeds) {
      const mine = demos.filter((d) => d.taskId === template.id && d.seed === seed);
      const demo = mine.find((d) => d.strategy === strategies[0]) ?? mine[0];
      if (!demo) continue;
      const id = instanceId(template.id, seed);
      pool.push({ id, baseId: template.id, seed, spec: fixedInstanceSpec(template, seed), origin: 'suite', demo: { ...demo, taskId: id }, trainOnDemo: trainSeeds.includes(seed) && imitated.has(template.id) });
    }
  }
  const evalTasks: EvalTask[] = [
    ...train.flatMap((t) => (options.heldoutSeeds ?? [1001]).map((seed) => ({ spec: t, seed, split: 'heldout' as const }))),
    // Train success is measured where self-training has to do the work: the pool tasks whose demos
    // only yield labels (all pool tasks when every demo is training data).
    ...(pool.some((t) => !t.trainOnDemo) ? pool.filter((t) => !t.trainOnDemo) : pool).map((t) => ({ spec: t.spec, seed: t.seed, split: 'train' as const })),
    ...heldout.flatMap((t) => (options.heldoutTemplateSeeds ?? [1001]).map((seed) => ({ spec: t, seed, split: 'heldout-template' as const }))),
  ];
  return { pool, eval: evalTasks };
}

/** Ids of `share` of the templates, spread evenly over each site's templates (in id order) so every site keeps both kinds. */
function imitatedTemplates(templates: readonly TaskTemplate[], share: number): Set<string> {
  const out = new Set<string>();
  const bySite = new Map<string, TaskTemplate[]>();
  for (const t of templates) {
    const list = bySite.get(t.site);
    if (list) list.push(t);
    else bySite.set(t.site, [t]);
  }
  for (const list of bySite.values()) {
    const sorted = [...list].sort((a, b) => a.id.localeCompare(b.id));
    // Bresenham-style spread: template i is imitated when floor((i + 1) * share) passes an integer.
    sorted.forEach((t, i) => {
      if (Math.floor((i + 1) * share) > Math.floor(i * share)) out.add(t.id);
    });
  }
  return out;
}
