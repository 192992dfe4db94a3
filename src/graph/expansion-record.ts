/**
 * The expansion log entry: which trajectory `expandGraph` looked at, what it added or reused, and
 * why it skipped otherwise. Stored in the graph file, so it has a zod schema.
 * @module
 */
import { z } from 'zod';

/**
 * Why a trajectory did not expand the graph:
 * - `wrong_task`: the trajectory is for another task;
 * - `episode_error`: the episode ended on an infrastructure error, so it has no verdict;
 * - `no_verdict`: no oracle verdict was recorded and no judge decided;
 * - `oracle_rejected`: the oracle (or judge) says the task was not done;
 * - `graph_passes`: the graph already accepts it, so it shows no new strategy;
 * - `satisfies_no_node`: it satisfies no key step of the graph (the paper's guard against
 *   unrelated successes, such as a trivially true final state);
 * - `no_valid_labels`: synthesis returned no label that holds on the trajectory in order and on its final state.
 */
export const SkipReasonSchema = z.enum([
  'wrong_task',
  'episode_error',
  'no_verdict',
  'oracle_rejected',
  'graph_passes',
  'satisfies_no_node',
  'no_valid_labels',
]);
export type SkipReason = z.infer<typeof SkipReasonSchema>;

export const ExpansionRecordSchema = z.object({
  trajectoryId: z.string(),
  status: z.enum(['expanded', 'skipped']),
  reason: SkipReasonSchema.optional(),
  /** The verdict expansion relied on and where it came from. */
  verdict: z
    .object({ source: z.enum(['oracle', 'judge']), success: z.boolean(), reason: z.string().optional(), judge: z.string().optional() })
    .optional(),
  /** Graph nodes the trajectory satisfied before expansion. */
  satisfied: z.array(z.string()).default([]),
  /** Node ids created by this expansion. */
  added: z.array(z.string()).default([]),
  /** Synthesized labels mapped onto existing nodes, and why. */
  reused: z.array(z.object({ labelId: z.string(), nodeId: z.string(), by: z.enum(['code', 'signature']) })).default([]),
  /** Synthesized labels left off the path, and why. */
  dropped: z.array(z.object({ labelId: z.string(), reason: z.string() })).default([]),
  /** The merged path, when expanded. */
  pathId: z.string().optional(),
  /** False when the merged path was already stored (its provenance grew). */
  isNewPath: z.boolean().optional(),
  /** The synthesizer that made the labels. */
  synthesizer: z.string().optional(),
});
export type ExpansionRecord = z.infer<typeof ExpansionRecordSchema>;
