/**
 * LinearPolicy: a small goal-conditioned policy that runs offline. It enumerates candidate actions
 * from the page and the goal, scores each with a linear model over hashed features, and picks by
 * softmax. Trained in-process by behaviour cloning in seconds; saved and loaded as JSON.
 * @module
 */
import { z } from 'zod';
import type { Action } from '../../env/action-schema.ts';
import { ModelError } from '../../env/errors.ts';
import type { Observation } from '../../env/observation.ts';
import type { TaskInstance } from '../../env/task.ts';
import type { Trajectory } from '../../env/trajectory.ts';
import type { Agent, AgentContext, AgentStep } from '../agent.ts';
import { Rng } from '../../env/index.ts';
import { episodeSeed } from '../rng.ts';
import { enumerateCandidates } from './candidates.ts';
import type { Candidate } from './candidates.ts';
import { collectSelectOptions, trajectoryExamples } from './examples.ts';
import { featurize, stepFacts } from './features.ts';
import type { FeatureVector } from './features.ts';
import { viewFromObservation } from './page-view.ts';
import type { PageView } from './page-view.ts';

export const LINEAR_POLICY_SCHEMA_VERSION = 'coregym.linear-policy/1';

/** Options of a LinearPolicy. */
export interface LinearPolicyOptions {
  /** Seed of training shuffles and of sampling. @default 0 */
  seed?: number;
  /** Softmax temperature when acting; 0 picks the best-scoring candidate. @default 0 */
  temperature?: number;
  /** Features are hashed into 2^hashBits weights. @default 18 */
  hashBits?: number;
}

/** Options of `LinearPolicy.train`. */
export interface TrainOptions {
  /** Passes over the examples. @default 12 */
  epochs?: number;
  /** Adam step size. @default 0.05 */
  learningRate?: number;
  /** L2 penalty on the weights a step touches. @default 1e-4 */
  l2?: number;
  /** Called after each epoch with its mean loss and accuracy. */
  onEpoch?: (info: { epoch: number; loss: number; accuracy: number }) => void;
}

/** What training did. */
export interface TrainReport {
  epochs: number;
  /** Mean negative log-likelihood of the demo actions in the last epoch. */
  loss: number;
  /** Fraction of steps where the demo action scores highest, after training. */
  accuracy: number;
  seconds: number;
  /** Steps trained on. */
  examples: number;
  /** Steps whose demo action the candidate enumeration did not produce (the policy cannot take it when acting). */
  unmatched: number;
}

/** A candidate with its score and softmax probability. */
export interface RankedAction {
  action: Action;
  score: number;
  probability: number;
}

const LinearPolicyJsonSchema = z.object({
  schema: z.literal(LINEAR_POLICY_SCHEMA_VERSION),
  hashBits: z.number().int().min(8).max(24),
  temperature: z.number().min(0),
  seed: z.number().int(),
  /** Non-zero weights as [index, weight] pairs. */
  weights: z.array(z.tuple([z.number().int().nonnegative(), z.number()])),
  /** Knowledge of select options gathered from training demos, by `role|name`. */
  selectOptions: z.record(z.string(), z.array(z.string())).default({}),
});
/** The JSON form of a LinearPolicy. */
export type LinearPolicyJson = z.infer<typeof LinearPolicyJsonSchema>;

const DEFAULTS = { seed: 0, temperature: 0, hashBits: 18 };
const TRAIN_DEFAULTS = { epochs: 12, learningRate: 0.05, l2: 1e-4 };

function softmax(scores: Float64Array, temperature: number): Float64Array {
  const t = temperature > 0 ? temperature : 1;
  let max = -Infinity;
  for (const s of scores) if (s > max) max = s;
  const out = new Float64Array(scores.length);
  let sum = 0;
  for (let i = 0; i < scores.length; i++) {
    out[i] = Math.exp((scores[i]! - max) / t);
    sum += out[i]!;
  }
  for (let i = 0; i < out.length; i++) out[i]! /= sum;
  return out;
}

/**
 * A goal-conditioned linear policy over enumerated candidate actions; an Agent.
 *
 * @example
 * const policy = new LinearPolicy({ seed: 1 });
 * const report = policy.train(demos); // { epochs, loss, accuracy, seconds, ... }
 * const step = await policy.act(observation, context);
 */
export class LinearPolicy implements Agent {
  readonly name = 'linear-policy';
  readonly hashBits: number;
  /** Softmax temperature used by `act`; 0 is greedy. */
  temperature: number;
  readonly seed: number;
  #weights: Float64Array;
  #selectOptions = new Map<string, string[]>();
  #rng: Rng;

  constructor(options: LinearPolicyOptions = {}) {
    const o = { ...DEFAULTS, ...options };
    if (!Number.isInteger(o.hashBits) || o.hashBits < 8 || o.hashBits > 24) {
      throw new ModelError('model_config', `LinearPolicy: hashBits must be an integer in 8..24 (got ${o.hashBits}). The default 18 suits the built-in suite.`);
    }
    if (!(o.temperature >= 0)) throw new ModelError('model_config', `LinearPolicy: temperature must be >= 0 (got ${o.temperature}). Use 0 for greedy.`);
    this.hashBits = o.hashBits;
    this.temperature = o.temperature;
    this.seed = o.seed;
    this.#weights = new Float64Array(1 << o.hashBits);
    this.#rng = new Rng(o.seed);
  }

  reset(task: TaskInstance): void {
    this.#rng = new Rng(episodeSeed(this.seed, task.taskId, task.seed));
  }

  async act(observation: Observation, context: AgentContext): Promise<AgentStep> {
    const ranked = this.rank(observation, context);
    let chosen = ranked[0]!;
    if (this.temperature > 0) {
      const probs = softmax(Float64Array.from(ranked, (r) => r.score), this.temperature);
      let u = this.#rng.next();
      chosen = ranked[ranked.length - 1]!;
      for (let i = 0; i < ranked.length; i++) {
        u -= probs[i]!;
        if (u <= 0) {
          chosen = ranked[i]!;
          break;
        }
      }
    }
    return { action: chosen.action, thought: `linear-policy: score ${chosen.score.toFixed(3)}, p=${chosen.probability.toFixed(3)} among ${ranked.length} candidates` };
  }

  /** Every candidate for this observation, best first, with scores and (temperature-1) probabilities. */
  rank(observation: Observation, context: Pick<AgentContext, 'history' | 'step'>): RankedAction[] {
    const view = viewFromObservation(
      observation,
      context.history.map((h) => ({ action: h.action, error: h.error, target: h.target })),
      context.step,
    );
    return this.rankView(view);
  }

  /** Rank the candidates of a page view (recorded or live). */
  rankView(view: PageView): RankedAction[] {
    const withOptions = this.#withKnownOptions(view);
    const candidates = enumerateCandidates(withOptions);
    const scores = this.#scores(this.#featurize(candidates, withOptions));
    const probs = softmax(scores, 1);
    return candidates
      .map((c, i) => ({ action: c.action, score: scores[i]!, probability: probs[i]! }))
      .sort((a, b) => b.score - a.score);
  }

  /**
   * Behaviour cloning: maximize the log-probability of each trajectory step's action among the
   * candidates of its page (Adam, L2 on touched weights). Deterministic given the policy's seed.
   */
  train(trajectories: readonly Trajectory[], options: TrainOptions = {}): TrainReport {
    const o = { ...TRAIN_DEFAULTS, ...options };
    const started = performance.now();
    for (const [key, opts] of collectSelectOptions(trajectories)) {
      const merged = new Set([...(this.#selectOptions.get(key) ?? []), ...opts]);
      this.#selectOptions.set(key, [...merged]);
    }
    const examples = trajectoryExamples(trajectories, this.#selectOptions).map((ex) => ({
      features: this.#featurize(ex.candidates, ex.view),
      target: ex.target,
      matched: ex.matched,
    }));
    const w = this.#weights;
    const m = new Float64Array(w.length);
    const v = new Float64Array(w.length);
    const beta1 = 0.9;
    const beta2 = 0.999;
    let t = 0;
    const rng = new Rng(this.seed);
    const order = examples.map((_, i) => i);
    let loss = 0;
    // Dense gradient plus the list of touched indices: a Map per step was the training bottleneck.
    const grad = new Float64Array(w.length);
    const isTouched = new Uint8Array(w.length);
    const touched: number[] = [];
    for (let epoch = 0; epoch < o.epochs; epoch++) {
      for (let i = order.length - 1; i > 0; i--) {
        const j = rng.below(i + 1);
        [order[i], order[j]] = [order[j]!, order[i]!];
      }
      loss = 0;
      let correct = 0;
      for (const k of order) {
        const ex = examples[k]!;
        const scores = this.#scores(ex.features);
        const p = softmax(scores, 1);
        loss -= Math.log(Math.max(p[ex.target]!, 1e-12));
        if (scores.every((s, i) => s <= scores[ex.target]! || i === ex.target)) correct++;
        touched.length = 0;
        ex.features.forEach((fv, c) => {
          const coef = p[c]! - (c === ex.target ? 1 : 0);
          if (Math.abs(coef) < 1e-9) return;
          for (let j = 0; j < fv.index.length; j++) {
            const idx = fv.index[j]!;
            if (!isTouched[idx]) {
              isTouched[idx] = 1;
              touched.push(idx);
            }
            grad[idx]! += coef * fv.value[j]!;
          }
        });
        t++;
        const lrT = (o.learningRate * Math.sqrt(1 - beta2 ** t)) / (1 - beta1 ** t);
        for (const idx of touched) {
          const g = grad[idx]! + o.l2 * w[idx]!;
          grad[idx] = 0;
          isTouched[idx] = 0;
          m[idx] = beta1 * m[idx]! + (1 - beta1) * g;
          v[idx] = beta2 * v[idx]! + (1 - beta2) * g * g;
          w[idx]! -= (lrT * m[idx]!) / (Math.sqrt(v[idx]!) + 1e-8);
        }
      }
      loss /= Math.max(1, examples.length);
      o.onEpoch?.({ epoch: epoch + 1, loss, accuracy: correct / Math.max(1, examples.length) });
    }
    let correct = 0;
    for (const ex of examples) {
      const scores = this.#scores(ex.features);
      let best = 0;
      for (let i = 1; i < scores.length; i++) if (scores[i]! > scores[best]!) best = i;
      if (best === ex.target) correct++;
    }
    return {
      epochs: o.epochs,
      loss,
      accuracy: correct / Math.max(1, examples.length),
      seconds: (performance.now() - started) / 1000,
      examples: examples.length,
      unmatched: examples.filter((e) => !e.matched).length,
    };
  }

  /** The policy as JSON (schema `coregym.linear-policy/1`): non-zero weights, options and known select options. */
  toJSON(): LinearPolicyJson {
    const weights: [number, number][] = [];
    this.#weights.forEach((x, i) => {
      if (x !== 0) weights.push([i, x]);
    });
    return {
      schema: LINEAR_POLICY_SCHEMA_VERSION,
      hashBits: this.hashBits,
      temperature: this.temperature,
      seed: this.seed,
      weights,
      selectOptions: Object.fromEntries(this.#selectOptions),
    };
  }

  /**
   * Load a policy saved with `toJSON` (an object, or its JSON text).
   * @throws ModelError `model_config` when the JSON does not match the schema (the field is named).
   */
  static fromJSON(json: unknown): LinearPolicy {
    let data = json;
    if (typeof json === 'string') {
      try {
        data = JSON.parse(json);
      } catch (error) {
        throw new ModelError('model_config', `LinearPolicy.fromJSON: text is not JSON (${(error as Error).message}). Pass the output of JSON.stringify(policy).`);
      }
    }
    const parsed = LinearPolicyJsonSchema.safeParse(data);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      throw new ModelError('model_config', `LinearPolicy.fromJSON: invalid policy at ${issue.path.join('.') || '(root)'}: ${issue.message} (expected schema ${LINEAR_POLICY_SCHEMA_VERSION}). Save policies with JSON.stringify(policy).`);
    }
    const p = parsed.data;
    const policy = new LinearPolicy({ hashBits: p.hashBits, temperature: p.temperature, seed: p.seed });
    for (const [i, x] of p.weights) {
      if (i >= policy.#weights.length) throw new ModelError('model_config', `LinearPolicy.fromJSON: weight index ${i} out of range (expected < ${policy.#weights.length} for hashBits ${p.hashBits}). The file is corrupt.`);
      policy.#weights[i] = x;
    }
    policy.#selectOptions = new Map(Object.entries(p.selectOptions));
    return policy;
  }

  #withKnownOptions(view: PageView): PageView {
    if (this.#selectOptions.size === 0) return view;
    return {
      ...view,
      elements: view.elements.map((e) => (e.options?.length ? e : { ...e, options: this.#selectOptions.get(`${e.role}|${e.name}`) })),
    };
  }

  #featurize(candidates: readonly Candidate[], view: PageView): FeatureVector[] {
    const facts = stepFacts(view);
    return candidates.map((c) => featurize(c, view, facts, this.hashBits));
  }

  #scores(features: readonly FeatureVector[]): Float64Array {
    const w = this.#weights;
    const out = new Float64Array(features.length);
    features.forEach((fv, c) => {
      let s = 0;
      for (let j = 0; j < fv.index.length; j++) s += w[fv.index[j]!]! * fv.value[j]!;
      out[c] = s;
    });
    return out;
  }
}
