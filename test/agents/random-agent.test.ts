import { describe, expect, it } from 'vitest';
import { RandomAgent } from '../../src/agents/random-agent.ts';
import { ActionSchema } from '../../src/env/action-schema.ts';
import type { Action } from '../../src/env/action-schema.ts';
import type { TaskInstance } from '../../src/env/task.ts';
import { homePage, observation, productPage, shopInstance } from './synthetic-shop.ts';

const task = (seed: number): TaskInstance => ({ taskId: 'shop.add', seed, goal: 'x', startUrl: 'http://shop.test/', maxSteps: 10, params: {} });

async function episode(agent: RandomAgent, seed: number): Promise<Action[]> {
  const inst = shopInstance(seed, 'add');
  agent.reset(task(seed));
  const out: Action[] = [];
  for (let step = 0; step < 40; step++) {
    const page = step % 2 ? productPage(inst, 100) : homePage(inst, 1);
    const r = await agent.act(observation(inst.goal, page), { step, remainingSteps: 40 - step, history: [] });
    out.push(r.action as Action);
  }
  return out;
}

describe('RandomAgent', () => {
  it('repeats the same actions for the same seed and task, and differs across seeds', async () => {
    const a = await episode(new RandomAgent({ seed: 3 }), 1);
    const b = await episode(new RandomAgent({ seed: 3 }), 1);
    const c = await episode(new RandomAgent({ seed: 4 }), 1);
    expect(a).toEqual(b);
    expect(c).not.toEqual(a);
  });

  it('only emits valid actions that target visible, enabled elements of the right kind', async () => {
    const inst = shopInstance(2, 'add');
    const agent = new RandomAgent({ seed: 9 });
    agent.reset(task(2));
    const page = productPage(inst, 100);
    page.elements.push({ id: '999', role: 'button', name: 'Hidden', visible: false, clickable: true }, { id: '998', role: 'button', name: 'Off', visible: true, disabled: true, clickable: true });
    const kinds = new Set<string>();
    for (let step = 0; step < 300; step++) {
      const { action } = await agent.act(observation(inst.goal, page), { step, remainingSteps: 1, history: [] });
      const a = ActionSchema.parse(action);
      kinds.add(a.type);
      if ('id' in a && a.id) {
        const el = page.elements.find((e) => e.id === a.id)!;
        expect(el.visible && !el.disabled).toBe(true);
        if (a.type === 'click') expect(el.clickable).toBe(true);
        if (a.type === 'fill' || a.type === 'press') expect(el.editable).toBe(true);
        if (a.type === 'select') expect(el.options).toContain(a.options[0]);
      }
    }
    expect([...kinds].sort()).toEqual(['answer', 'back', 'click', 'fill', 'press', 'scroll', 'select']);
  });

  it('rejects negative weights', () => {
    expect(() => new RandomAgent({ weights: { click: -1 } })).toThrow('RandomAgent: weights.click must be a number >= 0 (got -1)');
  });
});
