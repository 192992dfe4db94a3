/**
 * Several runs side by side: per task and overall, each run's success against the first run
 * (the baseline), and which tasks got better or worse.
 * @module
 */
import { loadRun } from './load-run.ts';
import type { LoadedRun } from './load-run.ts';
import type { GroupStats } from './results.ts';

/** How a task fared in a run against the baseline. */
export type Change = 'better' | 'worse' | 'same' | 'new' | 'missing' | 'baseline';

/** One task across runs. */
export interface TaskComparison {
  task_id: string;
  split: 'train' | 'heldout';
  /** Per run: the task's stats, or null when the run did not include it. */
  runs: (GroupStats | null)[];
  /** Per run: success minus the baseline's (null when either has no rate). */
  delta: (number | null)[];
  change: Change[];
  /** Per run: the 95% intervals of run and baseline do not overlap. */
  significant: boolean[];
}

/** The comparison of runs; the first run is the baseline. */
export interface RunComparison {
  runs: { name: string; dir: string; agent: string }[];
  overall: { runs: GroupStats[]; delta: (number | null)[]; significant: boolean[] };
  tasks: TaskComparison[];
  /** Tasks whose success rose in the last run against the baseline, largest rise first. */
  better: { task_id: string; delta: number }[];
  /** Tasks whose success fell in the last run against the baseline, largest fall first. */
  worse: { task_id: string; delta: number }[];
}

const disjoint = (a: [number, number] | null, b: [number, number] | null) => a !== null && b !== null && (a[0] > b[1] || b[0] > a[1]);

/**
 * Compare runs (run directories or loaded runs); the first is the baseline.
 * @example
 * const { better, worse } = compareRuns(['runs/yesterday', 'runs/today']);
 */
export function compareRuns(runs: readonly (string | LoadedRun)[]): RunComparison {
  const loaded = runs.map((r) => (typeof r === 'string' ? loadRun(r) : r));
  const base = loaded[0];
  const ids: { id: string; split: 'train' | 'heldout' }[] = [];
  const seen = new Set<string>();
  for (const run of loaded) {
    for (const t of run.results.tasks) {
      if (seen.has(t.task_id)) continue;
      seen.add(t.task_id);
      ids.push({ id: t.task_id, split: t.split });
    }
  }
  const tasks: TaskComparison[] = ids.map(({ id, split }) => {
    const stats = loaded.map((run) => run.results.tasks.find((t) => t.task_id === id) ?? null);
    const baseline = stats[0] ?? null;
    const delta = stats.map((s) => (s?.success != null && baseline?.success != null ? s.success - baseline.success : null));
    const change = stats.map((s, i): Change => {
      if (i === 0) return 'baseline';
      if (!s) return 'missing';
      if (!baseline || baseline.success === null) return 'new';
      const d = delta[i];
      return d === null ? 'missing' : d > 1e-9 ? 'better' : d < -1e-9 ? 'worse' : 'same';
    });
    const significant = stats.map((s, i) => i > 0 && disjoint(s?.success_ci ?? null, baseline?.success_ci ?? null));
    return { task_id: id, split, runs: stats, delta, change, significant };
  });
  const last = loaded.length - 1;
  const moved = (kind: Change) =>
    tasks
      .filter((t) => last > 0 && t.change[last] === kind)
      .map((t) => ({ task_id: t.task_id, delta: t.delta[last]! }))
      .sort((a, b) => Math.abs(b.delta) - Math.abs(a.delta));
  const overall = loaded.map((r) => r.results.overall);
  return {
    runs: loaded.map((r) => ({ name: r.name, dir: r.dir, agent: r.results.config.agent.model ? `${r.results.config.agent.name} (${r.results.config.agent.model})` : r.results.config.agent.name })),
    overall: {
      runs: overall,
      delta: overall.map((o) => (o.success !== null && base?.results.overall.success != null ? o.success - base.results.overall.success : null)),
      significant: overall.map((o, i) => i > 0 && disjoint(o.success_ci, overall[0]!.success_ci)),
    },
    tasks,
    better: moved('better'),
    worse: moved('worse'),
  };
}
