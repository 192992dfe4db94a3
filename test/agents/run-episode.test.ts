import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { failedStep, runEpisode } from '../../src/agents/index.ts';
import type { Agent, AgentContext, AgentStep } from '../../src/agents/index.ts';
import { BrowserRuntime, WebEnv } from '../../src/env/index.ts';
import type { Observation } from '../../src/env/index.ts';

const PAGE = `<!doctype html><title>Counter</title><button onclick="c.textContent=++n">Add one</button><p role="status" id="c">0</p><script>let n=0</script>`;

let server: Server;
let url: string;
let runtime: BrowserRuntime;
beforeAll(async () => {
  server = createServer((_req, res) => res.writeHead(200, { 'content-type': 'text/html' }).end(PAGE));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  runtime = new BrowserRuntime();
});
afterAll(async () => {
  await runtime.close();
  await new Promise((resolve) => server.close(resolve));
});

/** Fails once with unparsable output, then clicks the button, then answers with the counter. */
class ScriptedAgent implements Agent {
  readonly name = 'scripted';
  contexts: AgentContext[] = [];
  reset(): void {
    this.contexts = [];
  }
  async act(obs: Observation, context: AgentContext): Promise<AgentStep> {
    this.contexts.push(context);
    if (context.step === 0) return failedStep('parseAction: no action call found in "hmm". Write one call such as click("12").', { raw: 'hmm' });
    if (context.step === 1) return { action: `click("${obs.elements.find((e) => e.role === 'button')!.id}")`, thought: 'press it' };
    return { action: { type: 'answer', text: obs.elements.find((e) => e.role === 'status')!.name } };
  }
}

describe('runEpisode', () => {
  it('records an agent’s own failure as the step’s error and shows it in the next context', async () => {
    const env = new WebEnv({ runtime });
    try {
      const agent = new ScriptedAgent();
      const { trajectory, terminated } = await runEpisode(env, agent, { seed: 1, options: { startUrl: url, goal: 'Add one and report the count.', maxSteps: 5 } });
      expect(terminated).toBe(true);
      expect(trajectory.steps.map((s) => s.actionText)).toEqual(['noop()', expect.stringMatching(/^click\("\d+"\)$/), 'send_msg_to_user("1")']);
      expect(trajectory.steps[0]!.error).toContain('parseAction: no action call found in "hmm"');
      expect(trajectory.steps[0]!.raw).toBe('hmm');
      expect(trajectory.steps[1]!.thought).toBe('press it');
      expect(trajectory.answer).toBe('1');
      expect(agent.contexts[1]!.history[0]!.error).toContain('no action call found');
      expect(agent.contexts.map((c) => c.remainingSteps)).toEqual([5, 4, 3]);
    } finally {
      await env.close();
    }
  });

  it('stops with env_state when the signal aborts', async () => {
    const env = new WebEnv({ runtime });
    try {
      const controller = new AbortController();
      controller.abort(new Error('shutting down'));
      await expect(runEpisode(env, new ScriptedAgent(), { seed: 1, signal: controller.signal, options: { startUrl: url, goal: 'x', maxSteps: 5 } })).rejects.toThrow(/runEpisode: aborted at step 0 of adhoc/);
    } finally {
      await env.close();
    }
  });
});
