/**
 * The one trajectory format, used for demos, rollouts, datasets and reports alike (versioned zod schema).
 * @module
 */
import { z } from 'zod';
import { ActionSchema } from './action-schema.ts';

export const TRAJECTORY_SCHEMA_VERSION = 'coregym.trajectory/1';

/** An element as recorded in a trajectory: what labels need, nothing more. */
export const CompactElementSchema = z.object({
  id: z.string(),
  role: z.string(),
  name: z.string(),
  value: z.string().optional(),
  checked: z.boolean().optional(),
  disabled: z.boolean().optional(),
  visible: z.boolean().optional(),
  href: z.string().optional(),
});
export type CompactElement = z.infer<typeof CompactElementSchema>;

/** The page (and backend, through probes) as seen after a step or after reset. */
export const PageStateSchema = z.object({
  url: z.string(),
  title: z.string(),
  /** Elements of the page after the step (bounded; see `maxRecordedElements`). */
  elements: z.array(CompactElementSchema),
  /** Visible page text, whitespace-collapsed, bounded. */
  text: z.string(),
  /** Probe results keyed by probe name (trusted host-side reads of backend state). */
  probes: z.record(z.string(), z.unknown()).optional(),
  /** The accessibility-tree text the agent saw, when the env records it (`recordObservationText`); used for datasets. */
  axtree: z.string().optional(),
});
export type PageState = z.infer<typeof PageStateSchema>;

/** The element an action targeted, captured just before the action ran. */
export const TargetSchema = z.object({
  id: z.string(),
  role: z.string(),
  name: z.string(),
  text: z.string().optional(),
  value: z.string().optional(),
  tag: z.string().optional(),
  href: z.string().optional(),
});
export type Target = z.infer<typeof TargetSchema>;

export const UsageSchema = z.object({
  inputTokens: z.number().int().nonnegative().default(0),
  outputTokens: z.number().int().nonnegative().default(0),
  costUsd: z.number().nonnegative().default(0),
});
export type Usage = z.infer<typeof UsageSchema>;

export const TimingsSchema = z.object({
  actionMs: z.number(),
  settleMs: z.number(),
  observeMs: z.number(),
  rewardMs: z.number(),
});
export type Timings = z.infer<typeof TimingsSchema>;

/** One step: the action, what it touched, the state after it, and how it was scored. */
export const StepRecordSchema = PageStateSchema.extend({
  index: z.number().int().nonnegative(),
  action: ActionSchema,
  /** The action in its string form, e.g. `click("12")`. */
  actionText: z.string(),
  target: TargetSchema.optional(),
  /** The model's raw output for this step, when an agent produced it. */
  raw: z.string().optional(),
  thought: z.string().optional(),
  /** lastActionError of the step ('' when the action succeeded). */
  error: z.string(),
  reward: z.number(),
  newlySatisfied: z.array(z.string()).default([]),
  timings: TimingsSchema.optional(),
  usage: UsageSchema.optional(),
  /** Path of the screenshot file, relative to the trajectory file, when recorded. */
  screenshot: z.string().optional(),
});
export type StepRecord = z.infer<typeof StepRecordSchema>;

export const OracleVerdictSchema = z.object({
  success: z.boolean(),
  reason: z.string().optional(),
});
export type OracleVerdict = z.infer<typeof OracleVerdictSchema>;

/** An infrastructure failure: the episode did not finish for reasons that are not the policy's. */
export const EpisodeErrorSchema = z.object({
  code: z.string(),
  message: z.string(),
});

export const OutcomeSchema = z.object({
  terminated: z.boolean(),
  truncated: z.boolean(),
  /** Set when the episode ended on an infrastructure error; such an episode has no policy verdict. */
  error: EpisodeErrorSchema.optional(),
  /** Total reward over the steps. */
  totalReward: z.number(),
  /** The rewarder's terminal verdict (labels / strategy graph), when a rewarder was attached. */
  verdict: z.boolean().optional(),
  /** The task oracle's verdict, when the task has one. */
  oracle: OracleVerdictSchema.optional(),
  /** Label id -> step index at which it was first satisfied (null: never). */
  labels: z.record(z.string(), z.number().int().nullable()).optional(),
  /** Anything else the rewarder reported at the end. */
  info: z.record(z.string(), z.unknown()).optional(),
});
export type Outcome = z.infer<typeof OutcomeSchema>;

export const TrajectorySchema = z.object({
  schema: z.literal(TRAJECTORY_SCHEMA_VERSION),
  id: z.string(),
  taskId: z.string(),
  seed: z.number().int(),
  goal: z.string(),
  startUrl: z.string(),
  /** Free parameters of the task instance (which product, which user ...). */
  params: z.record(z.string(), z.unknown()).default({}),
  source: z.enum(['demo', 'rollout', 'extrapolated', 'imported']).default('rollout'),
  /** For demos: the solver strategy that produced it. */
  strategy: z.string().optional(),
  agent: z.object({ name: z.string(), model: z.string().optional() }).optional(),
  initial: PageStateSchema,
  steps: z.array(StepRecordSchema),
  /** The final answer, when the agent answered. */
  answer: z.string().optional(),
  /** The reason given, when the agent reported the task infeasible. */
  infeasible: z.string().optional(),
  outcome: OutcomeSchema.optional(),
  startedAt: z.string(),
  endedAt: z.string().optional(),
  /** Id of the trajectory this one was derived from (extrapolation, relabelling). */
  parent: z.string().optional(),
});
export type Trajectory = z.infer<typeof TrajectorySchema>;
