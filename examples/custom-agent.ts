/**
 * A complete custom agent: it implements `Agent` and runs one episode in a WebEnv on a page this
 * script serves itself. Run with `npx node --no-node-snapshot examples/custom-agent.ts`.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { runEpisode, type Agent, type AgentContext, type AgentStep } from '../src/agents/index.ts';
import { WebEnv, type Observation } from '../src/env/index.ts';

/** Clicks the button whose name shares the most words with the goal, then answers with the page's status text. */
class KeywordAgent implements Agent {
  readonly name = 'keyword';
  reset(): void {}
  async act(obs: Observation, ctx: AgentContext): Promise<AgentStep> {
    const status = obs.elements.find((e) => e.role === 'status' && e.name);
    if (ctx.step > 0 && status) return { action: { type: 'answer', text: status.name } };
    const goalWords = new Set(obs.goal.toLowerCase().split(/\W+/));
    const score = (name: string) => name.toLowerCase().split(/\W+/).filter((w) => goalWords.has(w)).length;
    const buttons = obs.elements.filter((e) => e.role === 'button' && e.visible).sort((a, b) => score(b.name) - score(a.name));
    if (!buttons[0]) return { action: { type: 'infeasible', reason: 'No button on the page.' } };
    return { action: `click("${buttons[0].id}")`, thought: `best match for the goal: ${buttons[0].name}` };
  }
}

const page = `<!doctype html><title>Greeter</title>
<button onclick="document.getElementById('s').textContent='Good evening, Ada!'">Say good morning</button>
<button onclick="document.getElementById('s').textContent='Hello, Ada!'">Say hello</button>
<p role="status" id="s"></p>`;
const server = createServer((_req, res) => res.writeHead(200, { 'content-type': 'text/html' }).end(page));
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;

const env = new WebEnv();
try {
  const { trajectory } = await runEpisode(env, new KeywordAgent(), {
    seed: 0,
    options: { startUrl: url, goal: 'Press the button that says hello and tell me the greeting.', maxSteps: 5 },
  });
  for (const step of trajectory.steps) console.log(`${step.index}: ${step.actionText}${step.error ? ` (error: ${step.error})` : ''}`);
  console.log(`answer: ${trajectory.answer}`);
  if (trajectory.answer !== 'Hello, Ada!') throw new Error(`custom-agent example: unexpected answer ${JSON.stringify(trajectory.answer)}`);
} finally {
  await env.close();
  server.close();
}
