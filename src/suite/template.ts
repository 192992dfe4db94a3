/**
 * A task template of the built-in suite: a TaskSpec plus the site it runs on and its scripted
 * expert solvers (one per strategy), written against SolverContext.
 * @module
 */
import type { Action } from '../env/action-schema.ts';
import type { ElementInfo, Observation } from '../env/observation.ts';
import type { TaskInstance, TaskSpec } from '../env/task.ts';

/** Names of the built-in sites. */
export type SiteName = 'shop' | 'forum' | 'tracker';

/** Base URLs of the running suite, by site, without a trailing slash (e.g. `http://127.0.0.1:41234`). */
export type SuiteUrls = Record<SiteName, string>;

/** How a solver names an element: by role and accessible name (exact after whitespace collapse, or a RegExp). */
export interface ElementQuery {
  role?: string | string[];
  name: string | RegExp;
  /** Pick the n-th match (0-based) in document order. @default 0 */
  nth?: number;
}

/**
 * What a scripted expert solver drives: the live environment, through the same actions an agent
 * would emit. Every method takes one step (except `find`/`findAll`/`obs`) and throws if the
 * element is not found or the action reports an error, so a broken solver fails loudly.
 */
export interface SolverContext {
  readonly instance: TaskInstance;
  /** The latest observation. */
  obs(): Observation;
  /** Find one element in the latest observation; throws with the candidates when absent. */
  find(query: ElementQuery): ElementInfo;
  findAll(query: Omit<ElementQuery, 'nth'>): ElementInfo[];
  click(query: ElementQuery): Promise<void>;
  fill(query: ElementQuery, text: string): Promise<void>;
  select(query: ElementQuery, option: string): Promise<void>;
  /** Press a key, on the element when given, else on whatever has focus. */
  press(key: string, query?: ElementQuery): Promise<void>;
  check(query: ElementQuery): Promise<void>;
  goto(url: string): Promise<void>;
  back(): Promise<void>;
  scroll(dy: number): Promise<void>;
  answer(text: string): Promise<void>;
  infeasible(reason: string): Promise<void>;
  /** Take any typed action. */
  step(action: Action): Promise<void>;
}

/** A scripted expert solver for one strategy. */
export type Solver = (s: SolverContext) => Promise<void>;

/** A built-in task template. `instantiate` gets the seed; the suite's URLs are closed over by the factory. */
export interface TaskTemplate extends TaskSpec {
  site: SiteName;
  /** Strategy name -> solver. Two or more for multi-strategy templates. */
  solvers: Record<string, Solver>;
}

/** A site's task templates, built once the suite's URLs are known. */
export type TemplateFactory = (urls: SuiteUrls) => TaskTemplate[];
