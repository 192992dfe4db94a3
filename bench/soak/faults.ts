/**
 * The fault injector: at seeded random moments it kills a browser server, closes an env's page or
 * context, makes a site hang or answer 500, or arms a label memory bomb; the training-run kill
 * is done by kill-resume.ts and recorded here. Every fault is logged with its time and target so
 * the checks can find the episodes it could have touched.
 * @module
 */
import type { SiteName, SiteFaults } from '../../src/suite/index.ts';
import type { BrowserFleet } from './fleet.ts';
import type { EpisodeTracker } from './tracker.ts';
import { Rng } from '../../src/env/index.ts';

export const FAULT_KINDS = ['browser_kill', 'page_close', 'context_close', 'site_hang', 'site_500', 'label_memory', 'train_kill'] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];

/** One injected fault. Times are ms since the epoch. */
export interface FaultEvent {
  kind: FaultKind;
  at: number;
  /** End of the fault's effect (site faults: when cleared; browser kill: when the server was back). */
  until: number;
  ctxId?: number;
  /** The job running on the targeted context when the fault hit. */
  key?: string;
  server?: number;
  site?: SiteName;
  /** False when the fault found no target (no busy context at that moment) and was skipped. */
  hit: boolean;
}

export interface FaultInjectorOptions {
  seed: number;
  fleet: BrowserFleet;
  tracker: EpisodeTracker;
  sites: Partial<Record<SiteName, { faults: SiteFaults }>>;
  /** Sites the scheduled tasks run on (site faults pick among these). */
  siteNames: SiteName[];
  /** Kinds to inject (train_kill is recorded by the kill-resume phase, not scheduled here). */
  kinds: readonly FaultKind[];
  /** Mean time between faults, in ms. */
  meanGapMs: number;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export class FaultInjector {
  readonly events: FaultEvent[] = [];
  readonly #o: FaultInjectorOptions;
  readonly #rng: Rng;
  #stopped = false;
  #running?: Promise<void>;
  /** Faults still being undone (restarts, site faults clearing). */
  readonly #pending = new Set<Promise<void>>();

  constructor(options: FaultInjectorOptions) {
    this.#o = options;
    this.#rng = new Rng(options.seed);
  }

  /**
   * Inject faults until `stop()` or `until` (ms since epoch): kinds in seeded shuffled rounds, so
   * each kind comes up early and often. Episodes still running after `until` finish fault-free.
   */
  start(until: number): void {
    this.#running = (async () => {
      let order: FaultKind[] = [];
      while (!this.#stopped) {
        await sleep(this.#o.meanGapMs * (0.5 + this.#rng.next()));
        if (this.#stopped || Date.now() >= until) break;
        if (order.length === 0) order = this.#rng.shuffle([...this.#o.kinds]);
        await this.inject(order.shift()!);
      }
    })();
  }

  /** Stop injecting and wait until every fault was undone (servers back, sites healthy). */
  async stop(): Promise<void> {
    this.#stopped = true;
    await this.#running;
    await Promise.all(this.#pending);
  }

  record(event: FaultEvent): void {
    this.events.push(event);
  }

  #later(task: Promise<void>): void {
    const p = task.finally(() => this.#pending.delete(p));
    this.#pending.add(p);
  }

  /** Inject one fault of `kind` now. */
  async inject(kind: FaultKind): Promise<void> {
    const { fleet, tracker } = this.#o;
    const at = Date.now();
    switch (kind) {
      case 'browser_kill': {
        // One server down at a time: the run continues on the others while the killed one restarts.
        const live = fleet.live();
        if (live.length < fleet.size) return this.record({ kind, at, until: at, hit: false });
        const server = this.#rng.pick(live);
        const event: FaultEvent = { kind, at, until: at, server, hit: true };
        this.record(event);
        fleet.kill(server);
        this.#later((async () => {
          await sleep(500 + this.#rng.below(1500));
          await fleet.restart(server);
          event.until = Date.now();
        })());
        return;
      }
      case 'page_close':
      case 'context_close': {
        const busy = tracker.busy(1500);
        if (busy.length === 0) return this.record({ kind, at, until: at, hit: false });
        const target = this.#rng.pick(busy);
        this.record({ kind, at, until: at, ctxId: target.ctxId, key: target.key, hit: true });
        if (kind === 'page_close') await target.page.close().catch(() => undefined);
        else await target.context.close().catch(() => undefined);
        return;
      }
      case 'site_hang':
      case 'site_500': {
        const site = this.#rng.pick(this.#o.siteNames);
        const faults = this.#o.sites[site]!.faults;
        const flag = kind === 'site_hang' ? 'hang' : 'error500';
        const event: FaultEvent = { kind, at, until: at, site, hit: true };
        this.record(event);
        faults[flag] = true;
        this.#later((async () => {
          await sleep(1000 + this.#rng.below(2000));
          faults[flag] = false;
          event.until = Date.now();
        })());
        return;
      }
      case 'label_memory': {
        const busy = tracker.busy(1500);
        if (busy.length === 0) return this.record({ kind, at, until: at, hit: false });
        const target = this.#rng.pick(busy);
        tracker.armBomb(target.ctxId, 3000);
        this.record({ kind, at, until: at + 3000, ctxId: target.ctxId, key: target.key, hit: true });
        return;
      }
      case 'train_kill':
        throw new Error('FaultInjector.inject: train_kill is done by the kill-resume phase (bench/soak/kill-resume.ts).');
    }
  }

  /** Faults that found a target, by kind. */
  counts(): Record<FaultKind, number> {
    const out = Object.fromEntries(FAULT_KINDS.map((k) => [k, 0])) as Record<FaultKind, number>;
    for (const e of this.events) if (e.hit) out[e.kind]++;
    return out;
  }
}
