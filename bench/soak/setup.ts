/**
 * What the soak's episodes need before faults start: expert demos of the chosen templates
 * (recorded now by their scripted solvers), a LinearPolicy trained on them, and each task's label
 * set synthesized offline plus one hostile label, the memory bomb, that allocates until the
 * sandbox kills it whenever the soak probe raises the fault flag (and is true otherwise).
 * @module
 */
import { LinearPolicy } from '../../src/agents/index.ts';
import { WebEnv } from '../../src/env/index.ts';
import type { BrowserHost, Trajectory } from '../../src/env/index.ts';
import { HeuristicSynthesizer, LABEL_SCHEMA_VERSION } from '../../src/labels/index.ts';
import type { LabelFunction, LabelSet } from '../../src/labels/index.ts';
import { runSolver } from '../../src/suite/index.ts';
import type { TaskTemplate } from '../../src/suite/index.ts';
import { SOAK_PROBE } from './tracker.ts';

export const BOMB_LABEL_ID = 'soak-memory-bomb';

/** True unless the soak probe of the latest state carries the fault flag; then it fills the isolate's heap. */
export const BOMB_LABEL: LabelFunction = {
  id: BOMB_LABEL_ID,
  description: 'Fault injection: exhausts the sandbox memory when the soak raises its flag',
  code: `(traj, api) => {
  const state = traj.steps.length ? traj.steps[traj.steps.length - 1] : traj.initial;
  const flag = state.probes && state.probes.${SOAK_PROBE};
  if (flag && flag.bomb) {
    // 128 MB backing stores: past the 64 MB limit at once, so the sandbox kills the isolate for
    // memory (label_memory) rather than the label timing out while it fills smaller arrays.
    const hog = [];
    for (;;) hog.push(new Array(1 << 24));
  }
  return true;
}`,
  origin: 'human',
  provenance: { synthesizer: 'soak' },
};

export interface SoakSetup {
  demos: Trajectory[];
  policy: LinearPolicy;
  /** Task id -> its synthesized labels plus the memory bomb. */
  labels: Map<string, LabelSet>;
  /** Task id -> synthesized labels only (what the bomb must not disturb). */
  cleanLabels: Map<string, LabelSet>;
  seconds: number;
}

export async function prepareSoak(host: BrowserHost, templates: TaskTemplate[], demoSeed: number): Promise<SoakSetup> {
  const started = performance.now();
  const demos: Trajectory[] = [];
  const env = new WebEnv({ runtime: host, source: 'demo' });
  try {
    for (const t of templates) {
      const demo = await runSolver(env, t, demoSeed);
      if (demo.outcome?.error || demo.outcome?.oracle?.success !== true) {
        throw new Error(`soak setup: the solver of ${t.id} failed at seed ${demoSeed} (${demo.outcome?.error?.message ?? demo.outcome?.oracle?.reason ?? 'no verdict'}).`);
      }
      demos.push(demo);
    }
  } finally {
    await env.close();
  }
  const policy = new LinearPolicy({ seed: 1 });
  policy.train(demos);
  const synthesizer = new HeuristicSynthesizer();
  const labels = new Map<string, LabelSet>();
  const cleanLabels = new Map<string, LabelSet>();
  for (const demo of demos) {
    const set = await synthesizer.synthesize(demo);
    cleanLabels.set(demo.taskId, set);
    labels.set(demo.taskId, { schema: LABEL_SCHEMA_VERSION, taskId: demo.taskId, labels: [...set.labels, BOMB_LABEL], attempts: [] });
  }
  return { demos, policy, labels, cleanLabels, seconds: (performance.now() - started) / 1000 };
}
