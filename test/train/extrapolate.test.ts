/**
 * Trajectory-guided extrapolation with the real heuristic synthesizer (sandboxed labels, no
 * browser): a trajectory that did something else than its task becomes a new, label-checked task;
 * duplicates, the per-call limit, negatives, trajectories without key steps and ones whose only
 * key step is their final message are turned away.
 */
import { describe, expect, it } from 'vitest';
import type { Trajectory } from '../../src/env/trajectory.ts';
import { HeuristicSynthesizer } from '../../src/labels/heuristic-synthesizer.ts';
import type { LabelFunction, LabelSet } from '../../src/labels/label.ts';
import { PLACEHOLDER_URLS } from '../../src/suite/demo-store.ts';
import { suiteTemplates } from '../../src/suite/suite.ts';
import { extrapolate, KeyStepInstructor } from '../../src/train/extrapolate.ts';
import { fixedInstanceSpec, goalKey, instanceId } from '../../src/train/task-pool.ts';
import type { PoolTask } from '../../src/train/task-pool.ts';
import { shippedDemo } from './fixtures.ts';

const templates = suiteTemplates(PLACEHOLDER_URLS);
const changeBio = templates.find((t) => t.id === 'forum.change-bio')!;
const from: PoolTask = {
  id: instanceId(changeBio.id, 1),
  baseId: changeBio.id,
  seed: 1,
  spec: fixedInstanceSpec(changeBio, 1),
  origin: 'suite',
  demo: shippedDemo('forum.change-bio', 1),
};
// Rollouts on the change-bio instance that did something else: subscribed to a subforum, upvoted a post.
const subscribed: Trajectory = { ...shippedDemo('forum.subscribe', 1, { strategy: 'directory' }), id: 'rollout-subscribed', taskId: from.id, source: 'rollout' };
const upvoted: Trajectory = { ...shippedDemo('forum.upvote-post', 1), id: 'rollout-upvoted', taskId: from.id, source: 'rollout' };
const synthesizer = new HeuristicSynthesizer();
const instructor = new KeyStepInstructor();

const label = (description: string): LabelFunction => ({ id: `k-${description.length}`, description, code: '(traj, api) => true', origin: 'human', provenance: {} });
const labelSet = (...descriptions: string[]): LabelSet => ({ schema: 'coregym.labels/1', taskId: 't', labels: descriptions.map(label), attempts: [] });

describe('KeyStepInstructor', () => {
  it('states the key steps of the labels as one instruction, in order', async () => {
    expect(await instructor.instruct(subscribed, labelSet())).toBeUndefined();
    expect(await instructor.instruct(subscribed, labelSet('The cart holds the red shirt.'))).toBe('The cart holds the red shirt.');
    expect(await instructor.instruct(subscribed, labelSet('Open the orders page', 'Reorder the last order.', 'Answer the total'))).toBe(
      'Do the following on this site, in order: Open the orders page; then reorder the last order; then answer the total.',
    );
  });
});

describe('extrapolate', () => {
  it('turns a failed rollout into a new task checked only by labels derived from it', async () => {
    const { tasks, records } = await extrapolate([{ trajectory: subscribed, from, origin: 'failure-extrapolated' }], { synthesizer, instructor, pool: [from] });
    expect(tasks).toHaveLength(1);
    const task = tasks[0]!;
    const labels = task.labels!;
    expect(labels.labels.length).toBeGreaterThan(0);
    const goal = (await instructor.instruct(subscribed, labels))!;
    expect(goal).toMatch(/photography/);
    expect(task).toMatchObject({ id: 'forum.change-bio.s1.x1', baseId: 'forum.change-bio', seed: 1, origin: 'failure-extrapolated', parent: subscribed.id });
    expect(task.trainOnDemo).toBeUndefined();
    // The spec runs the base instance under the new goal, with no oracle (the base oracle judges another goal).
    expect(task.spec.id).toBe(task.id);
    expect(task.spec.oracle).toBeUndefined();
    expect(from.spec.oracle).toBeTypeOf('function');
    const made = task.spec.instantiate(999);
    const base = changeBio.instantiate(1);
    expect(made).toMatchObject({ goal, startUrl: base.startUrl, params: base.params });
    // Its demo is the trajectory itself, relabelled as an extrapolated demo of the new task.
    expect(task.demo).toMatchObject({ id: subscribed.id, taskId: task.id, goal, source: 'extrapolated', parent: subscribed.id });
    expect(task.demo.steps).toEqual(subscribed.steps);
    expect(labels.taskId).toBe(task.id);
    expect(records).toEqual([{ trajectoryId: subscribed.id, fromTask: from.id, origin: 'failure-extrapolated', kept: true, reason: 'labels validate and the goal is new', taskId: task.id, goal, labels: labels.labels.length }]);
  });

  it('keeps one task per new goal, and stops at maxTasks', async () => {
    const twice = await extrapolate(
      [subscribed, subscribed].map((trajectory) => ({ trajectory, from, origin: 'success-extrapolated' as const })),
      { synthesizer, instructor, pool: [from] },
    );
    expect(twice.tasks.map((t) => t.origin)).toEqual(['success-extrapolated']);
    expect(twice.records.map((r) => [r.kept, r.reason])).toEqual([[true, 'labels validate and the goal is new'], [false, 'duplicate of a task already in the pool']]);

    // A goal already in the pool (the task made above) is a duplicate too.
    const again = await extrapolate([{ trajectory: subscribed, from, origin: 'failure-extrapolated' }], { synthesizer, instructor, pool: [from, ...twice.tasks] });
    expect(again.tasks).toEqual([]);
    expect(again.records[0]!.reason).toBe('duplicate of a task already in the pool');

    const limited = await extrapolate(
      [subscribed, upvoted].map((trajectory) => ({ trajectory, from, origin: 'failure-extrapolated' as const })),
      { synthesizer, instructor, pool: [from], maxTasks: 1 },
    );
    expect(limited.tasks).toHaveLength(1);
    expect(limited.records.map((r) => r.reason)).toEqual(['labels validate and the goal is new', 'limit of 1 new tasks per round reached']);
    // Ids count on from the pool size, so tasks of later calls do not collide with the pool's.
    const both = await extrapolate(
      [subscribed, upvoted].map((trajectory) => ({ trajectory, from, origin: 'failure-extrapolated' as const })),
      { synthesizer, instructor, pool: [from, ...twice.tasks] },
    );
    expect(twice.tasks.map((t) => t.id)).toEqual(['forum.change-bio.s1.x1']);
    expect(both.tasks.map((t) => t.id)).toEqual(['forum.change-bio.s1.x2']);
    expect(goalKey(both.tasks[0]!.spec.instantiate(1).goal)).not.toBe(goalKey(twice.tasks[0]!.spec.instantiate(1).goal));
  });

  it('counts a goal derived on another template of the same site and seed as a duplicate', async () => {
    const upvote = templates.find((t) => t.id === 'forum.upvote-post')!;
    const other: PoolTask = { ...from, id: instanceId(upvote.id, 1), baseId: upvote.id, spec: fixedInstanceSpec(upvote, 1), demo: shippedDemo('forum.upvote-post', 1) };
    const first = await extrapolate([{ trajectory: subscribed, from, origin: 'failure-extrapolated' }], { synthesizer, instructor, pool: [from, other] });
    expect(first.tasks).toHaveLength(1);
    const second = await extrapolate([{ trajectory: { ...subscribed, taskId: other.id }, from: other, origin: 'failure-extrapolated' }], { synthesizer, instructor, pool: [from, other, ...first.tasks] });
    expect(second.records.map((r) => r.reason)).toEqual(['duplicate of a task already in the pool']);
    // Another seed is another site state, so the same goal there is a new task.
    const seed2: PoolTask = { ...other, id: instanceId(upvote.id, 2), seed: 2, spec: fixedInstanceSpec(upvote, 2) };
    const third = await extrapolate([{ trajectory: subscribed, from: seed2, origin: 'failure-extrapolated' }], { synthesizer, instructor, pool: [from, other, ...first.tasks] });
    expect(third.tasks).toHaveLength(1);
  });

  it('turns away a trajectory whose only key step is its final answer (the instruction would give the answer away)', async () => {
    // A rollout that started on a search result page and answered with a number it saw there.
    const demo = shippedDemo('forum.comment-count', 1);
    const last = demo.steps.at(-1)!;
    expect(last.action.type).toBe('answer');
    const { index: _i, action: _a, actionText: _t, error: _e, ...before } = demo.steps.at(-2)!;
    const answered: Trajectory = { ...demo, id: 'rollout-answered', taskId: from.id, source: 'rollout', initial: before, steps: [{ ...last, index: 0 }] };
    const { tasks, records } = await extrapolate([{ trajectory: answered, from, origin: 'failure-extrapolated' }], { synthesizer, instructor, pool: [from] });
    expect(tasks).toEqual([]);
    expect(records[0]).toMatchObject({ kept: false, reason: 'its labels verify only the final message, which the instruction would give away' });
  });

  it('turns away trajectories whose labels do not validate: no key steps, or true on a negative', async () => {
    const nothing: Trajectory = { ...subscribed, id: 'rollout-nothing', steps: [] };
    const { tasks, records } = await extrapolate([{ trajectory: nothing, from, origin: 'failure-extrapolated' }], { synthesizer, instructor, pool: [from] });
    expect(tasks).toEqual([]);
    expect(records[0]).toMatchObject({ kept: false, reason: expect.stringMatching(/^no validated labels/) });

    // A negative that has the same key steps (another run of the same thing) rejects every label.
    const twin: Trajectory = { ...subscribed, id: 'rollout-twin' };
    const rejected = await extrapolate([{ trajectory: subscribed, from, origin: 'failure-extrapolated' }], { synthesizer, instructor, pool: [from], negatives: [twin] });
    expect(rejected.tasks).toEqual([]);
    expect(rejected.records[0]).toMatchObject({ kept: false, reason: expect.stringMatching(/^no validated labels/) });
  });
});
