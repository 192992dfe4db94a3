/**
 * Where each episode runs. collectEpisodes owns its WebEnvs, so the harness sees them through a
 * probe it adds to each job's task: the probe gets the env's TaskRuntime (the same page and
 * context the env's `page`/`context` getters return) at reset and after every step. From that the
 * tracker knows which browser context runs which job, when contexts closed, and it hands the
 * label-memory fault flag to the labels as probe data.
 * @module
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { TaskRuntime, TaskSpec } from '../../src/env/index.ts';

/** Name of the probe the tracker adds; labels read `state.probes.soak.bomb`. */
export const SOAK_PROBE = 'soak';

/** A context seen running a job. */
export interface LiveContext {
  ctxId: number;
  context: BrowserContext;
  page: Page;
  key: string;
  taskId: string;
  lastSeen: number;
}

/** A job seen on a context between two times (ms since epoch). */
export interface Sighting {
  ctxId: number;
  first: number;
  last: number;
}

export class EpisodeTracker {
  readonly #ids = new WeakMap<BrowserContext, number>();
  #nextId = 1;
  readonly live = new Map<number, LiveContext>();
  readonly sightings = new Map<string, Sighting[]>();
  /** Context id -> when it closed (closes between episodes are normal; the checks look at closes inside an episode). */
  readonly closedAt = new Map<number, number>();
  /** Context id -> until when its probe reports the memory-fault flag. */
  readonly #bombs = new Map<number, number>();
  readonly #watched = new WeakSet<Browser>();

  /** The job's task with the tracking probe added (same id, so label sets and oracles still apply). */
  wrap(spec: TaskSpec, key: string): TaskSpec {
    return { ...spec, probes: { ...spec.probes, [SOAK_PROBE]: async (rt: TaskRuntime) => this.#see(key, rt) } };
  }

  #see(key: string, rt: TaskRuntime): { bomb: boolean } {
    let id = this.#ids.get(rt.context);
    if (id === undefined) {
      const ctxId = this.#nextId++;
      id = ctxId;
      this.#ids.set(rt.context, ctxId);
      rt.context.on('close', () => this.#closed(ctxId));
      this.#watch(rt.context.browser());
    }
    const now = Date.now();
    if (!this.closedAt.has(id)) this.live.set(id, { ctxId: id, context: rt.context, page: rt.page, key, taskId: rt.instance.taskId, lastSeen: now });
    const list = this.sightings.get(key) ?? [];
    const last = list.at(-1);
    if (last && last.ctxId === id && now - last.last < 120_000) last.last = now;
    else list.push({ ctxId: id, first: now, last: now });
    this.sightings.set(key, list);
    const until = this.#bombs.get(id);
    const bomb = until !== undefined && now <= until;
    if (until !== undefined && !bomb) this.#bombs.delete(id);
    return { bomb };
  }

  #closed(ctxId: number): void {
    if (!this.closedAt.has(ctxId)) this.closedAt.set(ctxId, Date.now());
    this.live.delete(ctxId);
  }

  // A context whose browser server dies never emits 'close' (Playwright only disconnects the
  // Browser), and holding it would keep that connection's whole object graph alive.
  #watch(browser: Browser | null): void {
    if (!browser || this.#watched.has(browser)) return;
    this.#watched.add(browser);
    browser.once('disconnected', () => {
      for (const c of [...this.live.values()]) if (c.context.browser() === browser) this.#closed(c.ctxId);
    });
  }

  /** Contexts that ran a step within the last `withinMs`. */
  busy(withinMs: number): LiveContext[] {
    const now = Date.now();
    return [...this.live.values()].filter((c) => now - c.lastSeen <= withinMs && !c.page.isClosed());
  }

  /** Make context `ctxId`'s probe report the memory-fault flag for `durationMs`. */
  armBomb(ctxId: number, durationMs: number): void {
    this.#bombs.set(ctxId, Date.now() + durationMs);
  }

  /** Context ids job `key` ran on between `from` and `to`. */
  contextsOf(key: string, from: number, to: number): number[] {
    return (this.sightings.get(key) ?? []).filter((s) => s.last >= from && s.first <= to).map((s) => s.ctxId);
  }
}
