/**
 * Tasks: the TaskSpec a task author writes, the TaskInstance a seed makes of it, and the
 * context handed to trusted task code (setup, probes, oracle).
 * @module
 */
import { z } from 'zod';
import type { BrowserContext, Page } from 'playwright-core';
import type { OracleVerdict, Trajectory } from './trajectory.ts';

/** A task made concrete by a seed. Plain data. */
export interface TaskInstance {
  taskId: string;
  seed: number;
  goal: string;
  startUrl: string;
  maxSteps: number;
  /** Free parameters chosen by the seed (which product, which user, expected answer ...). Never shown to agents. */
  params: Record<string, unknown>;
}

/** What trusted task code (setup, probes, oracle) gets to work with. */
export interface TaskRuntime {
  instance: TaskInstance;
  page: Page;
  context: BrowserContext;
}

/** Input of a task oracle: the finished episode and the backend state read by the task's probes at the end. */
export interface OracleInput {
  instance: TaskInstance;
  trajectory: Trajectory;
  /** Fresh probe results, read after the last step. */
  probes: Record<string, unknown>;
  /** The agent's final answer, if any. */
  answer?: string;
  /** The agent's infeasibility report, if any. */
  infeasible?: string;
}

/**
 * A task as its author writes it. Registered with `registerTask`, instantiated per episode from a seed.
 * `setup`, `probes` and `oracle` are trusted host code written by the task author; agents never see them.
 */
export interface TaskSpec {
  /** Unique id: lower case, dots and dashes, e.g. `shop.add-to-cart`. */
  id: string;
  /** Build the concrete instance for a seed. Must be deterministic in the seed. */
  instantiate: (seed: number) => Omit<TaskInstance, 'taskId' | 'seed' | 'maxSteps'> & { maxSteps?: number };
  /** Step budget; an episode that reaches it is truncated. */
  maxSteps: number;
  /** Which split the template belongs to. @default 'train' */
  split?: 'train' | 'heldout';
  /** Free-form tags: `info-seeking`, `infeasible`, `multi-strategy`, `long-horizon`, a site name ... */
  tags?: string[];
  /** Runs after the context is recycled and before the start URL loads, e.g. to seed the site's state. */
  setup?: (rt: TaskRuntime) => Promise<void>;
  /**
   * Runs when the env moves on from an episode (the next reset, or close), before the context is
   * recycled, e.g. to let the site drop the episode's server-side state. Bounded to 2 s; errors
   * are ignored (the episode is over; the site should also expire such state on its own).
   */
  teardown?: (rt: TaskRuntime) => Promise<unknown>;
  /** Trusted reads of backend state, run by the host after every step; results reach labels as data. */
  probes?: Record<string, (rt: TaskRuntime) => Promise<unknown>>;
  /** Whether the episode really succeeded. Trusted; never shown to agents. */
  oracle?: (input: OracleInput) => OracleVerdict | Promise<OracleVerdict>;
  /**
   * Whether the task itself ended the episode (a MiniWoB++ page that set its done flag), read from
   * the probes after each step; true terminates the episode like an answer does.
   */
  isTerminal?: (state: { instance: TaskInstance; probes: Record<string, unknown> }) => boolean;
}

const fn = z.custom<(...args: never[]) => unknown>((v) => typeof v === 'function', { message: 'Invalid input: expected function' });

/** Schema a TaskSpec must satisfy at registration. */
export const TaskSpecSchema = z.object({
  id: z.string().regex(/^[a-z0-9][a-z0-9_.-]*$/, 'expected lower-case letters, digits, ".", "_" or "-", starting with a letter or digit'),
  instantiate: fn,
  maxSteps: z.number().int().min(1).max(10_000),
  split: z.enum(['train', 'heldout']).optional(),
  tags: z.array(z.string()).optional(),
  setup: fn.optional(),
  teardown: fn.optional(),
  probes: z.record(z.string(), fn).optional(),
  oracle: fn.optional(),
  isTerminal: fn.optional(),
});

/** Schema of what `instantiate` returns. */
export const TaskInstanceSchema = z.object({
  goal: z.string().min(1),
  startUrl: z.string().min(1),
  maxSteps: z.number().int().min(1).optional(),
  params: z.record(z.string(), z.unknown()),
});
