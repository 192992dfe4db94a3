import { describe, expect, it } from 'vitest';
import { ReplayAgent } from '../../src/agents/replay-agent.ts';
import type { Trajectory } from '../../src/env/trajectory.ts';
import type { Observation } from '../../src/env/observation.ts';

const el = (id: string, role: string, name: string) => ({ id, role, name, visible: true });

const recording: Trajectory = {
  schema: 'coregym.trajectory/1',
  id: 't1',
  taskId: 'forum.reply',
  seed: 1,
  goal: 'Reply to the second post',
  startUrl: 'http://forum.test/',
  params: {},
  source: 'demo',
  initial: { url: 'http://forum.test/', title: 'Forum', text: '', elements: [el('1', 'link', 'Home'), el('2', 'button', 'Reply'), el('3', 'button', 'Reply'), el('4', 'textbox', 'Message')] },
  steps: [
    { index: 0, action: { type: 'click', id: '3' }, actionText: 'click("3")', error: '', reward: 0, newlySatisfied: [], url: 'http://forum.test/', title: 'Forum', text: '', elements: [el('1', 'link', 'Home'), el('2', 'button', 'Reply'), el('3', 'button', 'Reply'), el('4', 'textbox', 'Message')] },
    { index: 1, action: { type: 'fill', id: '4', text: 'Thanks!' }, actionText: 'fill("4", "Thanks!")', error: '', reward: 0, newlySatisfied: [], url: 'http://forum.test/', title: 'Forum', text: '', elements: [] },
    { index: 2, action: { type: 'click', id: '77' }, actionText: 'click("77")', error: '', reward: 0, newlySatisfied: [], url: 'http://forum.test/', title: 'Forum', text: '', elements: [], target: { id: '77', role: 'button', name: 'Post' } },
    { index: 3, action: { type: 'answer', text: 'done' }, actionText: 'send_msg_to_user("done")', error: '', reward: 0, newlySatisfied: [], url: 'http://forum.test/', title: 'Forum', text: '', elements: [] },
  ],
  startedAt: '2026-11-01T00:00:00.000Z',
};

function live(elements: ReturnType<typeof el>[]): Observation {
  return { url: 'http://forum.test/', title: 'Forum', goal: recording.goal, tabs: [], activeTab: 0, axtree: '', elements, lastActionError: '', dialogs: [], downloads: [], truncated: false };
}

describe('ReplayAgent', () => {
  const page = live([el('41', 'link', 'Home'), el('42', 'button', 'Reply'), el('43', 'button', 'Reply'), el('44', 'textbox', 'Message'), el('45', 'button', 'Post')]);
  const ctx = (step: number) => ({ step, remainingSteps: 10, history: [] });

  it('re-targets by role, name and occurrence when ids differ', async () => {
    const agent = new ReplayAgent(recording);
    expect((await agent.act(page, ctx(0))).action).toEqual({ type: 'click', id: '43' });
    expect((await agent.act(page, ctx(1))).action).toEqual({ type: 'fill', id: '44', text: 'Thanks!' });
  });

  it('uses the recorded target when the element is missing from the recorded page', async () => {
    const { action, thought } = await new ReplayAgent(recording).act(page, ctx(2));
    expect(action).toEqual({ type: 'click', id: '45' });
    expect(thought).toContain('matched by role-name');
  });

  it('falls back to the recorded id when no element matches', async () => {
    const { action, thought } = await new ReplayAgent(recording).act(live([el('50', 'link', 'Home')]), ctx(0));
    expect(action).toEqual({ type: 'click', id: '3' });
    expect(thought).toContain('using the recorded id 3');
  });

  it('replays actions without elements as they are, and returns a noop with an error past the end', async () => {
    const agent = new ReplayAgent(recording);
    expect((await agent.act(page, ctx(3))).action).toEqual({ type: 'answer', text: 'done' });
    const past = await agent.act(page, ctx(4));
    expect(past.action).toEqual({ type: 'noop' });
    expect(past.error).toContain('ReplayAgent.act: the trajectory has no step 4');
  });
});
