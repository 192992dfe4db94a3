/**
 * A bank of trajectories for measuring synthesized labels, made from recorded solver runs and
 * judged by each task's own oracle: every strategy's run (positives), and near misses derived from
 * them: cut before a key step, the key step removed, one identifying value of a new or changed
 * object swapped for another value of the same field (right product, wrong size; right comment,
 * wrong post; not fields the agent cannot choose: author, server-set status), the change made twice, the answer wrong or reformatted, an infeasibility report on
 * a feasible task and an answer on an infeasible one. The oracle, not this file, says which of
 * them succeed.
 */
import type { TaskInstance } from '../../src/env/task.ts';
import type { Trajectory } from '../../src/env/trajectory.ts';
import { instantiateTask } from '../../src/env/registry.ts';
import { findKeySteps, groundingOf, isIdentifyingField } from '../../src/labels/key-steps.ts';
import type { LabelQualityEntry } from '../../src/labels/label-quality.ts';
import { prefixNegative, removalNegative } from '../../src/labels/negatives.ts';
import { collectScalars, diffProbes, getAtPath, identityField, isPlainObject, isScalar, jsonEqual, lastKey } from '../../src/labels/probe-diff.ts';
import type { PathSegment } from '../../src/labels/probe-diff.ts';
import type { TaskTemplate } from '../../src/suite/template.ts';

type Variant = { trajectory: Trajectory; why: string };

const finalProbes = (t: Trajectory) => (t.steps.at(-1) ?? t.initial).probes ?? {};

/** Apply `edit` to the probes of every step from `from` on (the state an agent would have left). */
function editProbes(t: Trajectory, id: string, from: number, edit: (probes: Record<string, unknown>) => boolean): Trajectory | undefined {
  let changed = false;
  const steps = t.steps.map((s, i) => {
    if (i < from || !s.probes) return s;
    const probes = structuredClone(s.probes);
    changed = edit(probes) || changed;
    return { ...s, probes };
  });
  return changed ? { ...t, id: `${t.id}#${id}`, source: 'rollout', steps } : undefined;
}

/** Other values a field takes anywhere in the state (same key), in a stable order. */
function alternatives(state: unknown, field: string, value: unknown): unknown[] {
  const out: unknown[] = [];
  const seen = new Set<string>([JSON.stringify(value)]);
  const walk = (v: unknown) => {
    if (Array.isArray(v)) for (const x of v) walk(x);
    else if (isPlainObject(v)) {
      for (const [k, x] of Object.entries(v)) {
        if (k === field && (isScalar(x)) && typeof x === typeof value && !seen.has(JSON.stringify(x))) {
          seen.add(JSON.stringify(x));
          out.push(x);
        }
        walk(x);
      }
    }
  };
  walk(state);
  return out;
}

function findElement(arr: unknown, element: unknown): number {
  if (!Array.isArray(arr)) return -1;
  const field = identityField(arr, [element]);
  return arr.findIndex((el) => (field !== undefined && isPlainObject(el) && isPlainObject(element) ? el[field] === element[field] : jsonEqual(el, element)));
}

/** Near misses of one run, before judging. */
export function nearMisses(run: Trajectory): Variant[] {
  const out: Variant[] = [];
  const keySteps = findKeySteps(run);
  for (const ks of keySteps) {
    out.push({ trajectory: prefixNegative(run, ks.index), why: `cut before step ${ks.index}` });
    out.push({ trajectory: removalNegative(run, ks.index), why: `without step ${ks.index}` });
  }
  const g = groundingOf(run);
  const initial = run.initial.probes ?? {};
  const changes = diffProbes(initial, finalProbes(run));
  let n = 0;
  for (const change of changes) {
    if (n >= 12) break;
    const firstAt = Math.max(0, run.steps.findIndex((s) => {
      const v = getAtPath(s.probes, change.path);
      return change.kind === 'added' ? findElement(v, change.element) >= 0 : change.kind === 'changed' && jsonEqual(v, change.after);
    }));
    if (change.kind === 'added' && isPlainObject(change.element)) {
      const element = change.element;
      for (const [field, value] of Object.entries(element)) {
        if (!isScalar(value) || value === null || !isIdentifyingField(field, value, g)) continue;
        // Who wrote it and the status a server gives new objects are not the agent's to choose.
        if (/^(author|owner|user|createdBy|by|status|state)$/.test(field)) continue;
        const alt = alternatives(initial, field, value)[0];
        if (alt === undefined) continue;
        const t = editProbes(run, `swap-${field}-${n++}`, firstAt, (probes) => {
          const arr = getAtPath(probes, change.path);
          const i = findElement(arr, element);
          if (i < 0) return false;
          ((arr as unknown[])[i] as Record<string, unknown>)[field] = alt;
          return true;
        });
        if (t) out.push({ trajectory: t, why: `${lastKey(change.path)}: ${field} ${JSON.stringify(value)} -> ${JSON.stringify(alt)}` });
      }
      const dup = editProbes(run, `twice-${n++}`, firstAt, (probes) => {
        const arr = getAtPath(probes, change.path);
        if (!Array.isArray(arr)) return false;
        const copy = structuredClone(element);
        if (typeof copy.id === 'number') copy.id = 1e6 + n;
        else if (typeof copy.id === 'string') copy.id = `${copy.id}-copy`;
        arr.push(copy);
        return true;
      });
      if (dup) out.push({ trajectory: dup, why: `${lastKey(change.path)}: added twice` });
    }
    if (change.kind === 'changed' && isScalar(change.after) && change.after !== null) {
      const alt = alternatives(initial, lastKey(change.path), change.after).find((a) => !jsonEqual(a, change.before));
      if (alt === undefined) continue;
      const t = editProbes(run, `set-${n++}`, firstAt, (probes) => {
        const parent = getAtPath(probes, change.path.slice(0, -1));
        const key = (change.path.at(-1) as { key: string }).key;
        if (!isPlainObject(parent)) return false;
        parent[key] = alt;
        return true;
      });
      if (t) out.push({ trajectory: t, why: `${lastKey(change.path)} -> ${JSON.stringify(alt)}` });
    }
  }
  if (run.answer !== undefined && run.answer.toLowerCase() !== 'done') {
    const withAnswer = (answer: string, why: string) => {
      const steps = run.steps.map((s) => (s.action.type === 'answer' ? { ...s, action: { type: 'answer' as const, text: answer }, actionText: `answer(${JSON.stringify(answer)})` } : s));
      out.push({ trajectory: { ...run, id: `${run.id}#${why}`, source: 'rollout', answer, steps }, why });
    };
    const num = run.answer.match(/-?\d+(\.\d+)?/);
    if (num) {
      const x = Number(num[0]);
      withAnswer(run.answer.replace(num[0], String(Number.isInteger(x) ? x + 1 : (x * 1.1).toFixed(2))), 'answer-off');
      withAnswer(run.answer.replace(/^\$/, ''), 'answer-no-currency');
      withAnswer(`The answer is ${run.answer}.`, 'answer-sentence');
    } else {
      const other = alternatives(initial, 'name', run.answer)[0] ?? alternatives(initial, 'title', run.answer)[0] ?? 'unknown';
      withAnswer(String(other), 'answer-other');
      withAnswer(run.answer.toUpperCase(), 'answer-upper');
    }
  }
  if (run.infeasible === undefined) {
    const steps = [...run.steps.filter((s) => s.action.type !== 'answer')];
    const last = steps.at(-1) ?? run.initial;
    steps.push({ ...last, index: steps.length, action: { type: 'infeasible', reason: 'I could not do it' }, actionText: 'infeasible("I could not do it")', target: undefined, error: '', reward: 0, newlySatisfied: [] } as Trajectory['steps'][number]);
    out.push({ trajectory: { ...run, id: `${run.id}#gave-up`, source: 'rollout', steps, answer: undefined, infeasible: 'I could not do it' }, why: 'reported infeasible' });
  } else {
    const steps = run.steps.map((s) => (s.action.type === 'infeasible' ? { ...s, action: { type: 'answer' as const, text: 'done' }, actionText: 'answer("done")' } : s));
    out.push({ trajectory: { ...run, id: `${run.id}#claimed-done`, source: 'rollout', steps, infeasible: undefined, answer: 'done' }, why: 'answered instead of reporting infeasible' });
  }
  return out;
}

async function judge(template: TaskTemplate, instance: TaskInstance, t: Trajectory): Promise<boolean> {
  const verdict = await template.oracle!({ instance, trajectory: t, probes: finalProbes(t), answer: t.answer, infeasible: t.infeasible });
  return verdict.success;
}

/**
 * Bank entries for every task that has a demo: the demo is the first run of the task (by strategy
 * name); the bank holds every run and every near miss of every run, judged by the oracle.
 */
export async function buildBank(templates: readonly TaskTemplate[], runs: readonly Trajectory[]): Promise<Array<LabelQualityEntry & { why: string[] }>> {
  const byTask = new Map<string, Trajectory[]>();
  for (const r of runs) byTask.set(`${r.taskId}|${r.seed}`, [...(byTask.get(`${r.taskId}|${r.seed}`) ?? []), r]);
  const entries: Array<LabelQualityEntry & { why: string[] }> = [];
  for (const [key, group] of [...byTask.entries()].sort((a, b) => a[0].localeCompare(b[0]))) {
    const [taskId, seed] = key.split('|') as [string, string];
    const template = templates.find((t) => t.id === taskId);
    if (!template?.oracle) continue;
    const instance = instantiateTask(template, Number(seed));
    const sorted = [...group].sort((a, b) => (a.strategy ?? '').localeCompare(b.strategy ?? ''));
    const bank: LabelQualityEntry['bank'] = [];
    const why: string[] = [];
    for (const run of sorted) {
      bank.push({ trajectory: run, oracleSuccess: await judge(template, instance, run) });
      why.push(`run ${run.strategy}`);
      for (const v of nearMisses(run)) {
        bank.push({ trajectory: v.trajectory, oracleSuccess: await judge(template, instance, v.trajectory) });
        why.push(`${run.strategy}: ${v.why}`);
      }
    }
    entries.push({ taskId, demo: sorted[0]!, bank, why });
  }
  return entries;
}

/** Every scalar of a state, for tests that want to know whether a value existed. */
export const scalarsOf = (state: unknown): Set<string | number> => collectScalars(state);
export type { PathSegment };
