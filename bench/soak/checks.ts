/**
 * The soak's verdicts, computed from the run's own records (the episodes JSONL), the schedule and
 * the fault log: every scheduled episode accounted for, none scored as a policy failure because
 * of a fault.
 * @module
 */
import type { Trajectory } from '../../src/env/index.ts';
import type { EpisodeRecord } from '../../src/train/index.ts';
import type { FaultEvent } from './faults.ts';
import { SOAK_PROBE, type EpisodeTracker } from './tracker.ts';
import type { ScheduledJob } from './workload.ts';

/** Text in a finished episode's steps that only an infrastructure failure produces. */
export const INFRA_SYMPTOMS: readonly RegExp[] = [
  /Target (page, context or browser )?(has been )?closed/i,
  /browser has (been )?disconnected/i,
  /Internal Server Error \(fault injected\)/,
  /net::ERR_(CONNECTION_REFUSED|CONNECTION_RESET|EMPTY_RESPONSE|CONNECTION_CLOSED)/,
  /navigation to .* timed out/,
  /page (crashed|closed)/i,
];

export interface AccountingResult {
  scheduled: number;
  finished: number;
  /** Error records (one per failed attempt). */
  infraErrors: number;
  /** Jobs given up after every attempt failed: recorded as infrastructure errors with their causes. */
  givenUp: number;
  unaccounted: string[];
  /** Records whose key was never scheduled. */
  unexpected: string[];
  /** Error codes seen, with counts. */
  errorCodes: Record<string, number>;
}

/** Compare scheduled job keys with recorded ones. */
export function accountFor(scheduled: readonly ScheduledJob[], records: readonly EpisodeRecord[], maxAttempts: number): AccountingResult {
  const byKey = new Map<string, EpisodeRecord[]>();
  for (const r of records) byKey.set(r.key, [...(byKey.get(r.key) ?? []), r]);
  const keys = new Set(scheduled.map((s) => s.key));
  const unaccounted: string[] = [];
  const errorCodes: Record<string, number> = {};
  let finished = 0;
  let givenUp = 0;
  let infraErrors = 0;
  for (const r of records) {
    if (r.kind === 'error') {
      infraErrors++;
      errorCodes[r.code] = (errorCodes[r.code] ?? 0) + 1;
    }
  }
  for (const s of scheduled) {
    const mine = byKey.get(s.key) ?? [];
    const episode = mine.find((r) => r.kind === 'episode');
    const errors = mine.filter((r) => r.kind === 'error');
    const outcome = episode?.kind === 'episode' ? episode.trajectory.outcome : undefined;
    if (outcome && !outcome.error && (outcome.verdict !== undefined || outcome.oracle !== undefined)) finished++;
    else if (!episode && errors.length >= maxAttempts && errors.every((e) => e.kind === 'error' && e.code && e.message)) givenUp++;
    else unaccounted.push(s.key);
  }
  const unexpected = [...byKey.keys()].filter((k) => !keys.has(k));
  return { scheduled: scheduled.length, finished, infraErrors, givenUp, unaccounted, unexpected, errorCodes };
}

/** A finished episode the checks suspect, and why. */
export interface Suspect {
  key: string;
  reason: 'infra_symptom' | 'context_died' | 'site_fault' | 'label_memory';
  detail: string;
  trajectory: Trajectory;
}

const siteOf = (taskId: string) => taskId.split('.')[0];

/**
 * Finished episodes a fault could have changed:
 * - `infra_symptom`: steps show an infrastructure error (closed target, injected 500, refused
 *   connection, navigation timeout) yet the episode has a verdict and the oracle says failure;
 * - `context_died`: a context the episode ran on closed during it (page/context close, browser
 *   kill) yet it finished and the oracle says failure;
 * - `site_fault`: its site hung or answered 500 during it and the oracle says failure: decided by
 *   a fault-free replay (see `misscoredAfterReplay`);
 * - `label_memory`: the memory bomb went off during it: decided by rescoring its labels offline.
 */
export function findSuspects(records: readonly EpisodeRecord[], faults: readonly FaultEvent[], tracker: EpisodeTracker): Suspect[] {
  const out: Suspect[] = [];
  for (const r of records) {
    if (r.kind !== 'episode') continue;
    const t = r.trajectory;
    const failed = t.outcome?.oracle?.success !== true;
    const start = Date.parse(t.startedAt);
    const end = Date.parse(t.endedAt ?? t.startedAt);
    const texts = t.steps.flatMap((s) => [s.error, s.text ?? '', s.title]);
    const symptom = INFRA_SYMPTOMS.find((re) => texts.some((x) => re.test(x)));
    if (symptom && failed) {
      out.push({ key: r.key, reason: 'infra_symptom', detail: `steps match ${symptom}`, trajectory: t });
      continue;
    }
    const contexts = tracker.contextsOf(r.key, start - 1000, end + 1000);
    const died = contexts.find((c) => {
      const at = tracker.closedAt.get(c);
      return at !== undefined && at >= start && at <= end;
    });
    if (died !== undefined && failed) {
      out.push({ key: r.key, reason: 'context_died', detail: `context ${died} closed at ${new Date(tracker.closedAt.get(died)!).toISOString()} during the episode`, trajectory: t });
      continue;
    }
    const bombed = t.steps.filter((s) => (s.probes?.[SOAK_PROBE] as { bomb?: boolean } | undefined)?.bomb).map((s) => s.index);
    if (bombed.length) {
      out.push({ key: r.key, reason: 'label_memory', detail: `the memory bomb was armed at steps ${bombed.join(', ')}`, trajectory: t });
      continue;
    }
    const site = faults.find((f) => (f.kind === 'site_hang' || f.kind === 'site_500') && f.site === siteOf(t.taskId) && f.at <= end && f.until >= start);
    if (site && failed) out.push({ key: r.key, reason: 'site_fault', detail: `${site.kind} on ${site.site} from ${new Date(site.at).toISOString()} to ${new Date(site.until).toISOString()}`, trajectory: t });
  }
  return out;
}
