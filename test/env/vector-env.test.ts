import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BrowserRuntime, VectorEnv, type TaskSpec, type Trajectory } from '../../src/env/index.ts';
import { page, startSite, type TestSite } from './site.ts';

let site: TestSite;
let runtime: BrowserRuntime;
let task: TaskSpec;

beforeAll(async () => {
  site = await startSite({ '/': page('Vec', '<button onclick="this.textContent = \'done\'">Go</button>') });
  runtime = new BrowserRuntime();
  task = { id: 'test.vector', maxSteps: 2, instantiate: (seed) => ({ goal: `g${seed}`, startUrl: site.url, params: {} }) };
});

afterAll(async () => {
  await runtime?.close();
  await site?.close();
});

describe('VectorEnv', () => {
  it('resets with seed + i and autoresets on the next step (next_step mode)', async () => {
    const ended: Array<[number, Trajectory]> = [];
    await using vec = new VectorEnv({ numEnvs: 3, runtime, task, onEpisodeEnd: (i, t) => ended.push([i, t]) });
    const { observations, infos } = await vec.reset({ seeds: 10 });
    expect(infos.map((i) => i.task?.seed)).toEqual([10, 11, 12]);
    expect(observations.map((o) => o.goal)).toEqual(['g10', 'g11', 'g12']);
    // env 0 answers at once; the others step twice and are truncated
    let r = await vec.step(['send_msg_to_user("x")', 'noop()', 'noop()']);
    expect(r.terminations).toEqual([true, false, false]);
    expect(r.infos[0]!.finalTrajectory?.answer).toBe('x');
    r = await vec.step(['click("0")', 'noop()', 'noop()']);
    expect(r.infos[0]!.autoreset).toBe(true);
    expect(r.rewards[0]).toBe(0);
    expect(r.terminations[0]).toBe(false);
    expect(r.truncations).toEqual([false, true, true]);
    expect(vec.envs[0]!.trajectory!.steps).toHaveLength(0);
    expect(ended.map(([i]) => i).sort()).toEqual([0, 1, 2]);
    r = await vec.step(['noop()', 'noop()', 'noop()']);
    expect(r.infos.map((i) => i.autoreset ?? false)).toEqual([false, true, true]);
  });

  it('resets in the same step in same_step mode and keeps the final observation in info', async () => {
    await using vec = new VectorEnv({ numEnvs: 2, runtime, task, autoreset: 'same_step' });
    await vec.reset({ seeds: [1, 2] });
    const r = await vec.step(['report_infeasible("no")', 'noop()']);
    expect(r.terminations).toEqual([true, false]);
    expect(r.infos[0]!.finalInfo?.outcome?.terminated).toBe(true);
    expect(r.infos[0]!.finalObservation?.lastAction).toBe('report_infeasible("no")');
    expect(vec.envs[0]!.trajectory!.steps).toHaveLength(0);
  });

  it('isolates an error in one sub-env from the others', async () => {
    await using vec = new VectorEnv({ numEnvs: 3, runtime, task });
    const { observations } = await vec.reset({ seeds: 0 });
    await vec.envs[1]!.context!.close();
    const id = observations[0]!.elements[0]!.id;
    const r = await vec.step([`click("${id}")`, `click("${id}")`, `click("${id}")`]);
    expect(r.infos[1]!.error?.code).toBe('browser_crashed');
    expect(r.terminations[1]).toBe(true);
    expect(r.infos[0]!.error).toBeUndefined();
    expect(r.infos[2]!.error).toBeUndefined();
    expect(r.observations[0]!.elements[0]!.name).toBe('done');
    const next = await vec.step(['noop()', 'noop()', 'noop()']);
    expect(next.infos[1]!.autoreset).toBe(true);
    expect(next.observations[1]!.title).toBe('Vec');
  });
});
