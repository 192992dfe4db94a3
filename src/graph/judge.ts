/**
 * The Judge interface: who decides whether a trajectory really did its task when the task has no
 * oracle, and RecordedJudge, which replays decisions a person recorded.
 * @module
 */
import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { RunError, quote } from '../env/errors.ts';
import type { Trajectory } from '../env/trajectory.ts';

/** A judge's decision on one trajectory. */
export interface JudgeVerdict {
  success: boolean;
  reason?: string;
}

/**
 * Decides whether a trajectory did its task: the expansion oracle for tasks without one.
 * Implementations: RecordedJudge (human decisions recorded in a file), ClaudeJudge (an LLM).
 */
export interface Judge {
  /** Stable name recorded in the expansion log: `recorded`, `claude`. */
  readonly name: string;
  /**
   * The verdict, or null when the judge abstains (no recorded decision, an unclear answer).
   * Throws only for infrastructure problems, as a typed CoregymError.
   */
  judge(trajectory: Trajectory, options?: { signal?: AbortSignal }): Promise<JudgeVerdict | null>;
}

export const JUDGEMENTS_SCHEMA_VERSION = 'coregym.judgements/1';

/** A file of recorded decisions: trajectory id -> verdict. */
export const JudgementsFileSchema = z.object({
  schema: z.literal(JUDGEMENTS_SCHEMA_VERSION),
  decisions: z.record(z.string(), z.object({ success: z.boolean(), reason: z.string().optional() })),
});
export type JudgementsFile = z.infer<typeof JudgementsFileSchema>;

/**
 * Replays recorded decisions (for example a person's, made in the report viewer). Abstains on
 * trajectories it has no decision for.
 * @example
 * const judge = new RecordedJudge({ 'run-3/ep-7': { success: true, reason: 'bought via search' } });
 */
export class RecordedJudge implements Judge {
  readonly name = 'recorded';
  #decisions: Map<string, JudgeVerdict>;

  constructor(decisions: Record<string, JudgeVerdict> | ReadonlyMap<string, JudgeVerdict>) {
    this.#decisions = new Map(decisions instanceof Map ? decisions : Object.entries(decisions));
  }

  /**
   * Loads a `coregym.judgements/1` file.
   * @throws RunError `run_io` when the file cannot be read, `run_invalid` when it does not validate.
   */
  static async fromFile(path: string): Promise<RecordedJudge> {
    let text: string;
    try {
      text = await readFile(path, 'utf8');
    } catch (cause) {
      throw new RunError('run_io', `RecordedJudge.fromFile: cannot read ${quote(path)} (${(cause as Error).message}). Check the path.`, { cause });
    }
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch (cause) {
      throw new RunError('run_invalid', `RecordedJudge.fromFile: ${quote(path)} is not JSON (${(cause as Error).message}). Write it with JSON.stringify.`, { cause });
    }
    return RecordedJudge.parse(json, path);
  }

  /**
   * Validates recorded decisions.
   * @throws RunError `run_invalid` naming the bad field.
   */
  static parse(json: unknown, source = 'judgements'): RecordedJudge {
    const result = JudgementsFileSchema.safeParse(json);
    if (!result.success) {
      const issue = result.error.issues[0]!;
      const at = z.core.toDotPath(issue.path);
      throw new RunError(
        'run_invalid',
        `RecordedJudge.parse: invalid ${source} at ${at || '(root)'}: ${issue.message}. Expected {"schema":"${JUDGEMENTS_SCHEMA_VERSION}","decisions":{"<trajectory id>":{"success":true}}}.`,
      );
    }
    return new RecordedJudge(result.data.decisions);
  }

  async judge(trajectory: Trajectory): Promise<JudgeVerdict | null> {
    return this.#decisions.get(trajectory.id) ?? null;
  }
}
