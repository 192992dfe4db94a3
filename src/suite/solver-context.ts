/**
 * Running scripted expert solvers through a live WebEnv: the SolverContext implementation and
 * `runSolver`, which records a demo in the project's one trajectory format.
 * @module
 */
import { CoregymError } from '../env/errors.ts';
import type { Action } from '../env/action-schema.ts';
import type { ElementInfo, Observation } from '../env/observation.ts';
import type { Trajectory } from '../env/trajectory.ts';
import type { WebEnv } from '../env/index.ts';
import type { ElementQuery, SolverContext, TaskTemplate } from './template.ts';

/** The answer that ends an episode of a task that asks for no information. */
export const DONE_ANSWER = 'done';

/** A scripted solver that could not do its job: an element it needed was missing or an action failed. */
export class SolverError extends CoregymError {}

const collapse = (s: string) => s.replace(/\s+/g, ' ').trim();

function matches(el: ElementInfo, query: Omit<ElementQuery, 'nth'>): boolean {
  if (query.role !== undefined) {
    const roles = Array.isArray(query.role) ? query.role : [query.role];
    if (!roles.includes(el.role)) return false;
  }
  const name = collapse(el.name);
  return typeof query.name === 'string' ? name === collapse(query.name) : query.name.test(name);
}

function describeQuery(query: ElementQuery): string {
  const role = query.role === undefined ? '*' : Array.isArray(query.role) ? query.role.join('|') : query.role;
  return `${role} ${query.name instanceof RegExp ? String(query.name) : JSON.stringify(query.name)}${query.nth ? ` #${query.nth}` : ''}`;
}

class LiveSolverContext implements SolverContext {
  readonly instance;
  #env: WebEnv;
  #obs: Observation;
  #done = false;

  constructor(env: WebEnv, observation: Observation) {
    this.#env = env;
    this.#obs = observation;
    this.instance = env.instance!;
  }

  get done(): boolean {
    return this.#done;
  }

  obs(): Observation {
    return this.#obs;
  }

  findAll(query: Omit<ElementQuery, 'nth'>): ElementInfo[] {
    return this.#obs.elements.filter((el) => matches(el, query));
  }

  find(query: ElementQuery): ElementInfo {
    const found = this.findAll(query)[query.nth ?? 0];
    if (found) return found;
    const sameRole = this.#obs.elements
      .filter((el) => query.role === undefined || (Array.isArray(query.role) ? query.role.includes(el.role) : el.role === query.role))
      .slice(0, 25)
      .map((el) => `${el.role} ${JSON.stringify(el.name)}`);
    throw new SolverError('solver_element', `solver.find: no element ${describeQuery(query)} on ${this.#obs.url}. Candidates: ${sameRole.join('; ') || '(none)'}`);
  }

  async step(action: Action): Promise<void> {
    if (this.#done) throw new SolverError('solver_done', `solver.step: the episode already ended; cannot ${action.type}.`);
    const result = await this.#env.step(action);
    this.#obs = result.observation;
    this.#done = result.terminated || result.truncated;
    const infra = result.info.error as { message?: string } | undefined;
    if (infra) throw new SolverError('solver_infra', `solver.step: ${action.type} hit an infrastructure error: ${infra.message ?? JSON.stringify(infra)}`);
    if (result.observation.lastActionError) {
      throw new SolverError('solver_action', `solver.step: ${result.observation.lastAction ?? action.type} failed: ${result.observation.lastActionError}`);
    }
  }

  click(query: ElementQuery) {
    return this.step({ type: 'click', id: this.find(query).id });
  }
  fill(query: ElementQuery, text: string) {
    return this.step({ type: 'fill', id: this.find(query).id, text });
  }
  select(query: ElementQuery, option: string) {
    return this.step({ type: 'select', id: this.find(query).id, options: [option] });
  }
  press(key: string, query?: ElementQuery) {
    return this.step(query ? { type: 'press', id: this.find(query).id, key } : { type: 'press', key });
  }
  async check(query: ElementQuery) {
    const el = this.find(query);
    if (!el.checked) await this.step({ type: 'click', id: el.id });
  }
  goto(url: string) {
    return this.step({ type: 'goto', url });
  }
  back() {
    return this.step({ type: 'back' });
  }
  scroll(dy: number) {
    return this.step({ type: 'scroll', dx: 0, dy });
  }
  answer(text: string) {
    return this.step({ type: 'answer', text });
  }
  infeasible(reason: string) {
    return this.step({ type: 'infeasible', reason });
  }
}

/** Options of `runSolver`. */
export interface RunSolverOptions {
  /** Strategy to run. @default the template's first solver */
  strategy?: string;
}

/**
 * Run one scripted solver on a fresh episode of `template` at `seed` and return the recorded
 * trajectory (source `demo`, with the strategy name). The env must be open; it is reset here.
 * @throws SolverError when the solver cannot find an element or an action fails.
 */
export async function runSolver(env: WebEnv, template: TaskTemplate, seed: number, options: RunSolverOptions = {}): Promise<Trajectory> {
  const strategy = options.strategy ?? Object.keys(template.solvers)[0];
  const solver = strategy === undefined ? undefined : template.solvers[strategy];
  if (!strategy || !solver) {
    throw new SolverError('solver_unknown', `runSolver: task ${template.id} has no solver ${JSON.stringify(options.strategy)} (has: ${Object.keys(template.solvers).join(', ')}).`);
  }
  const { observation } = await env.reset({ task: template, seed });
  const ctx = new LiveSolverContext(env, observation);
  await solver(ctx);
  // Episodes end when the agent says so; a solver for a task that asks for no information says
  // "done", the convention agents are taught (see describeActions).
  if (!ctx.done) await ctx.answer(DONE_ANSWER);
  const trajectory = structuredClone(env.trajectory!);
  trajectory.source = 'demo';
  trajectory.strategy = strategy;
  trajectory.agent = { name: `solver:${strategy}` };
  return trajectory;
}
