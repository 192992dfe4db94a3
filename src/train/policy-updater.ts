/**
 * Step 6 of the CORE loop, the policy update: the built-in learnable policy trains in-process;
 * external models plug in through a hook (a function, or a command run with the dataset path)
 * that returns the next policy, e.g. a new OpenAI-compatible endpoint.
 * @module
 */
import { spawn } from 'node:child_process';
import { z } from 'zod';
import { RunError } from '../env/index.ts';
import type { Trajectory } from '../env/trajectory.ts';
import { LinearPolicy, OpenAICompatibleAgent } from '../agents/index.ts';
import type { Agent, TrainReport } from '../agents/index.ts';
import { imitationSet } from './dataset.ts';
import type { DatasetEntry } from './dataset.ts';

/** The policy of one round: fresh agents for exploring (sampling) and for evaluating (greedy). */
export interface Policy {
  /** Identity recorded in metrics. */
  readonly name: string;
  /** A new exploring agent for worker `worker` (agents keep per-episode state, so one per worker). */
  explorer(worker: number): Agent;
  /** A new evaluating agent for worker `worker`. */
  evaluator(worker: number): Agent;
  /** JSON to save in the run directory so a resumed run continues with this policy, if it has any. */
  toJSON?(): unknown;
}

/** What a policy update gets to work with. */
export interface PolicyUpdateContext {
  round: number;
  /** Folder of the round's exported dataset (sharegpt.jsonl, openai.jsonl, card.json). */
  datasetDir: string;
  /** Every entry trained on so far (demos, verified, extrapolated), newest round last. */
  entries: readonly DatasetEntry[];
  signal?: AbortSignal;
}

/** Produces the round-0 policy and each round's next one. */
export interface PolicyUpdater {
  readonly name: string;
  /** The policy before any self-training, given the pool's expert demos. */
  initial(demos: readonly Trajectory[]): Promise<Policy>;
  /** The next policy, after training on the round's data. */
  update(context: PolicyUpdateContext): Promise<Policy>;
  /** Restore a policy saved with `Policy.toJSON` (resume). */
  restore?(json: unknown): Policy;
}

/** Options of the built-in policy's updater. */
export interface LinearPolicyUpdaterOptions {
  /** Sampling temperature of exploring agents. @default 1 */
  temperature?: number;
  /** Seed of training and sampling. @default 0 */
  seed?: number;
  /** Training epochs per update. @default 12 */
  epochs?: number;
  /** Called with each training report. */
  onTrain?: (report: TrainReport & { round: number }) => void;
}

function linearPolicy(model: LinearPolicy, temperature: number, seed: number): Policy {
  const json = model.toJSON();
  const make = (t: number, worker: number) => LinearPolicy.fromJSON({ ...json, temperature: t, seed: seed * 1000 + worker });
  return {
    name: 'linear-policy',
    explorer: (worker) => {
      const agent = make(temperature, worker);
      let episode = 0;
      // LinearPolicy seeds its sampling from (seed, task, task seed), so K rollouts of one task would
      // repeat each other; each rollout gets its own sampling seed instead.
      return {
        name: agent.name,
        reset: (task) => agent.reset({ ...task, seed: task.seed * 1_000_003 + worker * 7919 + episode++ }),
        act: (observation, context) => agent.act(observation, context),
      };
    },
    evaluator: (worker) => make(0, worker),
    toJSON: () => json,
  };
}

/**
 * The offline default: a LinearPolicy trained by behaviour cloning, from scratch each round on
 * one trajectory per task from everything verified so far (`imitationSet`: the expert demo, else
 * the shortest verified run), deterministic given the data and the seed.
 */
export class LinearPolicyUpdater implements PolicyUpdater {
  readonly name = 'linear-policy';
  readonly #options: Required<Omit<LinearPolicyUpdaterOptions, 'onTrain'>> & Pick<LinearPolicyUpdaterOptions, 'onTrain'>;
  constructor(options: LinearPolicyUpdaterOptions = {}) {
    this.#options = { temperature: 1, seed: 0, epochs: 12, ...options };
  }
  #train(trajectories: readonly Trajectory[], round: number): Policy {
    const model = new LinearPolicy({ seed: this.#options.seed });
    const report = model.train(trajectories, { epochs: this.#options.epochs });
    this.#options.onTrain?.({ ...report, round });
    return linearPolicy(model, this.#options.temperature, this.#options.seed);
  }
  async initial(demos: readonly Trajectory[]): Promise<Policy> {
    return this.#train(demos, 0);
  }
  async update(context: PolicyUpdateContext): Promise<Policy> {
    // Extrapolated entries train under their own instruction: the goal the trajectory fulfils.
    const trajectories = imitationSet(context.entries).map((e) => (e.instruction ? { ...e.trajectory, goal: e.instruction } : e.trajectory));
    return this.#train(trajectories, context.round);
  }
  restore(json: unknown): Policy {
    return linearPolicy(LinearPolicy.fromJSON(json), this.#options.temperature, this.#options.seed);
  }
}

/** What an external training command prints on its last stdout line. */
const EndpointSchema = z.object({ baseURL: z.string().url(), model: z.string().min(1), apiKey: z.string().optional() });

/** Options of `CommandPolicyUpdater`. */
export interface CommandPolicyUpdaterOptions {
  /** Endpoint of the policy before training (an OpenAI-compatible server). */
  initial: { baseURL: string; model: string; apiKey?: string };
  /**
   * Command run after each round with the dataset folder as its last argument, e.g.
   * `['python', 'train.py']`. It trains (LLaMA-Factory, TRL ...), serves the new model, and prints
   * `{"baseURL": "...", "model": "..."}` as its last line of stdout.
   */
  command: readonly string[];
  /** Sampling temperature of exploring agents. @default 1 */
  temperature?: number;
  /** Upper bound of one training command, in ms (0 disables). @default 0 */
  timeout?: number;
}

/** @throws RunError `run_invalid` naming `what` and the bad field, so a typo in an endpoint is not a bare zod error. */
function parseEndpoint(value: unknown, what: string): z.infer<typeof EndpointSchema> {
  const parsed = EndpointSchema.safeParse(value);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  throw new RunError('run_invalid', `CommandPolicyUpdater: ${what} is not an endpoint (${issue.path.join('.') || '(root)'}: ${issue.message}); expected {"baseURL": "http://...", "model": "..."}.`);
}

function endpointPolicy(endpoint: z.infer<typeof EndpointSchema>, temperature: number): Policy {
  const make = (t: number) => new OpenAICompatibleAgent({ baseURL: endpoint.baseURL, model: endpoint.model, apiKey: endpoint.apiKey, temperature: t });
  return { name: `openai-compatible:${endpoint.model}`, explorer: () => make(temperature), evaluator: () => make(0), toJSON: () => endpoint };
}

/** External models: runs a training command with the round's dataset and serves the policy it prints. */
export class CommandPolicyUpdater implements PolicyUpdater {
  readonly name = 'command';
  readonly #options: CommandPolicyUpdaterOptions;
  readonly #initial: z.infer<typeof EndpointSchema>;
  /** @throws RunError `run_invalid` when the command is empty or `initial` is not an endpoint. */
  constructor(options: CommandPolicyUpdaterOptions) {
    if (options.command.length === 0) throw new RunError('run_invalid', 'CommandPolicyUpdater: command is empty (expected e.g. ["python", "train.py"]).');
    this.#initial = parseEndpoint(options.initial, 'options.initial');
    this.#options = options;
  }
  async initial(): Promise<Policy> {
    return endpointPolicy(this.#initial, this.#options.temperature ?? 1);
  }
  async update(context: PolicyUpdateContext): Promise<Policy> {
    const [cmd, ...args] = this.#options.command;
    const stdout = await new Promise<string>((resolve, reject) => {
      const child = spawn(cmd!, [...args, context.datasetDir], { stdio: ['ignore', 'pipe', 'inherit'], signal: context.signal, timeout: this.#options.timeout || undefined });
      let out = '';
      child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString('utf8')));
      child.on('error', (error) => {
        // An aborted run is not a command that could not run: the caller hears its own abort reason.
        if (context.signal?.aborted) reject(context.signal.reason);
        else reject(new RunError('run_io', `CommandPolicyUpdater: could not run ${JSON.stringify(cmd)} (${error.message}).`));
      });
      child.on('close', (code, signal) => {
        if (code === 0) return resolve(out);
        if (context.signal?.aborted) return reject(context.signal.reason);
        const timeout = this.#options.timeout ? ` (the timeout is ${this.#options.timeout} ms)` : '';
        const how = signal ? `was killed by ${signal}${timeout}` : `exited with code ${code}`;
        reject(new RunError('run_io', `CommandPolicyUpdater: ${this.#options.command.join(' ')} ${how} in round ${context.round}.`));
      });
    });
    const last = stdout.trim().split('\n').at(-1) ?? '';
    let parsed: z.infer<typeof EndpointSchema>;
    try {
      parsed = EndpointSchema.parse(JSON.parse(last));
    } catch {
      throw new RunError('run_invalid', `CommandPolicyUpdater: the training command's last stdout line must be JSON {"baseURL": "...", "model": "..."} (got ${JSON.stringify(last.slice(0, 200))}).`);
    }
    return endpointPolicy(parsed, this.#options.temperature ?? 1);
  }
  restore(json: unknown): Policy {
    return endpointPolicy(parseEndpoint(json, 'the saved policy'), this.#options.temperature ?? 1);
  }
}

/** A policy update written as a function: `(context) => Policy`, with the initial policy given. */
export class FunctionPolicyUpdater implements PolicyUpdater {
  readonly name = 'function';
  readonly #initial: Policy;
  readonly #update: (context: PolicyUpdateContext) => Promise<Policy>;
  constructor(initial: Policy, update: (context: PolicyUpdateContext) => Promise<Policy>) {
    this.#initial = initial;
    this.#update = update;
  }
  async initial(): Promise<Policy> {
    return this.#initial;
  }
  update(context: PolicyUpdateContext): Promise<Policy> {
    return this.#update(context);
  }
}
