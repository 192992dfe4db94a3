/**
 * RandomAgent: a seeded baseline that samples valid actions over the current page. Also a source of
 * negative trajectories for label validation.
 * @module
 */
import type { Action } from '../env/action-schema.ts';
import { ModelError } from '../env/errors.ts';
import type { ElementInfo, Observation } from '../env/observation.ts';
import type { TaskInstance } from '../env/task.ts';
import type { Agent, AgentContext, AgentStep } from './agent.ts';
import { Rng } from '../env/index.ts';
import { episodeSeed } from './rng.ts';

/** Relative weights of the kinds of action the RandomAgent samples. Kinds with no target on the page are skipped. */
export interface RandomActionWeights {
  click: number;
  fill: number;
  press: number;
  select: number;
  scroll: number;
  back: number;
  answer: number;
}

/** Options of RandomAgent. */
export interface RandomAgentOptions {
  /** Base seed; each episode's stream depends on it, the task id and the task seed. @default 0 */
  seed?: number;
  /** Relative weights of action kinds. @default { click: 0.55, fill: 0.15, press: 0.05, select: 0.1, scroll: 0.07, back: 0.05, answer: 0.03 } */
  weights?: Partial<RandomActionWeights>;
}

const DEFAULT_WEIGHTS: RandomActionWeights = { click: 0.55, fill: 0.15, press: 0.05, select: 0.1, scroll: 0.07, back: 0.05, answer: 0.03 };

/**
 * Samples uniformly among visible, enabled targets: clicks on clickable elements, fills of editable
 * ones with one to three words of the goal, Enter on editable ones, select options, scrolls, back,
 * and now and then an answer taken from the page's text. Deterministic per (seed, task id, task seed).
 *
 * @example
 * const agent = new RandomAgent({ seed: 7 });
 */
export class RandomAgent implements Agent {
  readonly name = 'random';
  readonly seed: number;
  readonly #weights: RandomActionWeights;
  #rng: Rng;

  constructor(options: RandomAgentOptions = {}) {
    this.seed = options.seed ?? 0;
    this.#weights = { ...DEFAULT_WEIGHTS, ...options.weights };
    for (const [kind, w] of Object.entries(this.#weights)) {
      if (!(w >= 0)) throw new ModelError('model_config', `RandomAgent: weights.${kind} must be a number >= 0 (got ${w}). Use 0 to never sample that kind.`);
    }
    this.#rng = new Rng(this.seed);
  }

  reset(task: TaskInstance): void {
    this.#rng = new Rng(episodeSeed(this.seed, task.taskId, task.seed));
  }

  async act(observation: Observation, context: AgentContext): Promise<AgentStep> {
    const action = this.sample(observation, context);
    return { action };
  }

  /** Draw one action for the observation (advances the agent's random stream). */
  sample(observation: Observation, context: Pick<AgentContext, 'step'>): Action {
    const rng = this.#rng;
    const usable = observation.elements.filter((e) => e.visible && !e.disabled);
    const clickable = usable.filter((e) => e.clickable && !e.options?.length && e.role !== 'option');
    const editable = usable.filter((e) => e.editable);
    const selects = usable.filter((e) => e.options?.length);
    const texts = observation.elements.map((e) => e.name).filter((n) => n && n.length <= 80);
    const words = observation.goal.split(/[^\p{L}\p{N}$.@-]+/u).filter((w) => w.length > 1);
    const make: Record<keyof RandomActionWeights, (() => Action) | undefined> = {
      click: clickable.length ? () => ({ type: 'click', id: rng.pick(clickable).id }) : undefined,
      fill: editable.length && words.length ? () => ({ type: 'fill', id: rng.pick(editable).id, text: pickWords(rng, words) }) : undefined,
      press: editable.length ? () => ({ type: 'press', id: rng.pick(editable).id, key: 'Enter' }) : undefined,
      select: selects.length ? () => selectAction(rng, rng.pick(selects)) : undefined,
      scroll: () => ({ type: 'scroll', dx: 0, dy: rng.chance(0.75) ? 500 : -500 }),
      back: context.step > 0 ? () => ({ type: 'back' }) : undefined,
      answer: texts.length ? () => ({ type: 'answer', text: rng.pick(texts) }) : undefined,
    };
    const kinds = (Object.keys(make) as (keyof RandomActionWeights)[]).filter((k) => make[k] && this.#weights[k] > 0);
    const total = kinds.reduce((n, k) => n + this.#weights[k], 0);
    if (total === 0) return { type: 'noop' };
    let u = rng.next() * total;
    for (const k of kinds) {
      u -= this.#weights[k];
      if (u < 0) return make[k]!();
    }
    return make[kinds[kinds.length - 1]!]!();
  }
}

function pickWords(rng: Rng, words: readonly string[]): string {
  const n = 1 + rng.below(Math.min(3, words.length));
  const start = rng.below(words.length - n + 1);
  return words.slice(start, start + n).join(' ');
}

function selectAction(rng: Rng, el: ElementInfo): Action {
  return { type: 'select', id: el.id, options: [rng.pick(el.options!)] };
}
