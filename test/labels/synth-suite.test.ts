/**
 * HeuristicSynthesizer over the whole built-in suite: labels synthesized from every template's
 * shipped demo validate, accept the task's other strategies, and agree with the task oracles on a
 * bank of near misses (synth-bank.ts). Needs the shipped demos (`coregym suite record-demos`).
 */
import { describe, expect, it } from 'vitest';
import type { Trajectory } from '../../src/env/trajectory.ts';
import { HeuristicSynthesizer } from '../../src/labels/heuristic-synthesizer.ts';
import { acceptsTrajectory, evaluateLabelQuality } from '../../src/labels/label-quality.ts';
import { LabelRuntime } from '../../src/labels/runtime.ts';
import { scoreTrajectory } from '../../src/labels/score.ts';
import { PLACEHOLDER_URLS, loadDemos, suiteTemplates } from '../../src/suite/index.ts';
import { buildBank } from './synth-bank.ts';

const demos: Trajectory[] = loadDemos(PLACEHOLDER_URLS);
const templates = suiteTemplates(PLACEHOLDER_URLS);
const seed = Math.min(...demos.map((d) => d.seed));
const runs = demos.filter((d) => d.seed === seed);

/** The demo of each task: its first strategy by name. */
function demoOf(taskId: string): Trajectory | undefined {
  return runs.filter((r) => r.taskId === taskId).sort((a, b) => (a.strategy ?? '').localeCompare(b.strategy ?? ''))[0];
}

describe.skipIf(demos.length === 0)('heuristic synthesis over the built-in suite (shipped demos)', () => {
  it('synthesizes validated labels for every template and they accept every strategy of the task', { timeout: 600_000 }, async () => {
    const synth = new HeuristicSynthesizer();
    const runtime = new LabelRuntime({ timeout: 1000, stepTimeout: 10_000 });
    const problems: string[] = [];
    try {
      for (const template of templates) {
        const demo = demoOf(template.id);
        if (!demo) {
          problems.push(`${template.id}: no shipped demo at seed ${seed}`);
          continue;
        }
        const set = await synth.synthesize(demo);
        const attempted = new Set(set.attempts.map((a) => a.keyStep));
        if (set.labels.length === 0 || set.labels.length !== attempted.size) {
          problems.push(`${template.id}: ${set.labels.length} of ${attempted.size} key steps validated: ${set.attempts.filter((a) => !a.kept).map((a) => a.reason).join(' | ')}`);
        }
        for (const other of runs.filter((r) => r.taskId === template.id)) {
          const scores = await scoreTrajectory(set.labels, other, { runtime });
          if (!acceptsTrajectory(set.labels, scores)) problems.push(`${template.id}: labels from ${demo.strategy} reject the ${other.strategy} demo`);
        }
      }
    } finally {
      runtime.close();
    }
    expect(problems).toEqual([]);
  });

  it('agrees with the task oracles on near misses: accuracy >= 0.95, false accepts <= 0.02', { timeout: 900_000 }, async () => {
    const entries = await buildBank(templates, runs);
    const report = await evaluateLabelQuality(entries, new HeuristicSynthesizer());
    const misses = report.per_task.filter((t) => t.fp > 0 || t.fn > 0).map((t) => `${t.taskId} fp=${t.fp} fn=${t.fn}`);
    expect(report.tasks).toBe(entries.length);
    expect(report.validated_share).toBe(1);
    expect(report.accuracy, misses.join('\n')).toBeGreaterThanOrEqual(0.95);
    expect(report.false_accept_rate, misses.join('\n')).toBeLessThanOrEqual(0.02);
  });
});
