/**
 * The LabelFunction: executable, untrusted reward code that verifies one key step of a task,
 * and the LabelSet that holds a task's labels. Stored as JSON; loaded through these schemas.
 * @module
 */
import { z } from 'zod';

export const LABEL_SCHEMA_VERSION = 'coregym.labels/1';

/** The outcome of validating one label against its demo and negatives. */
export const ValidationRecordSchema = z.object({
  ok: z.boolean(),
  /** Step index (0-based) of the key step in the demo. */
  keyStep: z.number().int().nullable(),
  /** First demo step at which the label was true (null: never). */
  firstTrue: z.number().int().nullable(),
  /** The label was false on every step before the key step. */
  falseBefore: z.boolean(),
  /** The label was true at or after the key step and on the final state. */
  trueAfter: z.boolean(),
  /** Ids of negative trajectories on which the label was (wrongly) true. */
  falseOnNegatives: z.array(z.string()),
  negatives: z.number().int().nonnegative(),
  /** Why it failed, in words that can be fed back to a synthesizer. */
  reason: z.string().optional(),
});
export type ValidationRecord = z.infer<typeof ValidationRecordSchema>;

export const LabelFunctionSchema = z.object({
  /** Unique within its task, e.g. `k1-cart-has-item`. */
  id: z.string().min(1).max(128).regex(/^[A-Za-z0-9_.:-]+$/, 'expected letters, digits, "_", ".", ":" or "-"'),
  /** The key step in words: "The cart contains the red T-shirt in size M". */
  description: z.string().min(1).max(2000),
  /** JavaScript source of `(traj, api) => boolean`: an arrow function or function expression. */
  code: z.string().min(1).max(100_000),
  origin: z.enum(['llm', 'heuristic', 'human', 'imported']),
  /** Where it came from: the demo or trajectory id, the synthesizer and model. */
  provenance: z.object({
    trajectoryId: z.string().optional(),
    taskId: z.string().optional(),
    synthesizer: z.string().optional(),
    model: z.string().optional(),
    keyStep: z.number().int().optional(),
  }).default({}),
  validation: ValidationRecordSchema.optional(),
});
export type LabelFunction = z.infer<typeof LabelFunctionSchema>;

/** What a synthesizer tried for one key step, and why it was kept or dropped. */
export const AttemptRecordSchema = z.object({
  keyStep: z.number().int(),
  description: z.string(),
  attempt: z.number().int(),
  code: z.string(),
  kept: z.boolean(),
  reason: z.string(),
});

export const LabelSetSchema = z.object({
  schema: z.literal(LABEL_SCHEMA_VERSION),
  taskId: z.string(),
  labels: z.array(LabelFunctionSchema),
  /** Attempts made while synthesizing (kept and dropped), for audit. */
  attempts: z.array(AttemptRecordSchema).default([]),
  /** Token and cost accounting of synthesis. */
  usage: z.object({ inputTokens: z.number(), outputTokens: z.number(), costUsd: z.number() }).optional(),
});
export type LabelSet = z.infer<typeof LabelSetSchema>;
