/**
 * Screenshots for the trajectory viewer: an Agent wrapper that saves the screenshot each
 * observation carries, as `<runDir>/screenshots/<task>.s<seed>/<step>.png`, before the agent acts.
 * The trajectory's steps record the page after each action; the image at step i is the page the
 * agent saw when it chose step i's action.
 * @module
 */
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Agent, AgentContext, AgentStep } from '../agents/index.ts';
import type { Observation, TaskInstance } from '../env/index.ts';
import { screenshotDir } from './results.ts';

/** Wrap `agent` so each observation's screenshot (the env must take them) is saved under `runDir`. */
export function recordScreenshots(agent: Agent, runDir: string): Agent {
  let folder: string | undefined;
  return {
    name: agent.name,
    ...(agent.model !== undefined && { model: agent.model }),
    async reset(task: TaskInstance) {
      folder = join(runDir, screenshotDir(task.taskId, task.seed));
      // A retried attempt starts over: images of the failed attempt would not match its steps.
      await rm(folder, { recursive: true, force: true });
      await mkdir(folder, { recursive: true });
      await agent.reset(task);
    },
    async act(observation: Observation, context: AgentContext): Promise<AgentStep> {
      if (folder && observation.screenshot) await writeFile(join(folder, `${context.step}.png`), observation.screenshot);
      return agent.act(observation, context);
    },
  };
}
