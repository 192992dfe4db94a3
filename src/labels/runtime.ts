/**
 * LabelRuntime: runs a task's label functions on every step of an episode inside one isolated-vm
 * isolate, with memory and time limits, and turns every failure into a per-label LabelError.
 * @module
 */
import ivm from 'isolated-vm';
import { createHash } from 'node:crypto';
import { EnvError, LabelError } from '../env/errors.ts';
import type { PageState, StepRecord } from '../env/trajectory.ts';
import type { LabelFunction } from './label.ts';
import { SANDBOX_SOURCE } from './sandbox-source.ts';

/** Limits of a LabelRuntime. */
export interface LabelRuntimeOptions {
  /**
   * Memory limit of the sandbox isolate, in MB. A label that exhausts it gets a `label_memory`
   * error, is not run again in that episode, and the isolate is replaced.
   * @default 64
   */
  memoryLimitMb?: number;
  /** Time one label may run on one state, in ms; past it the label gets a `label_timeout` error. @default 50 */
  timeout?: number;
  /**
   * Time per state, in ms, for labels that overran `timeout` earlier in the episode: they run
   * alone, after the others, while this budget lasts, and get a `label_timeout` error once it has
   * run out. Labels that behave always run.
   * @default 500
   */
  stepTimeout?: number;
}

/** Defaults of {@link LabelRuntimeOptions}. */
export const LABEL_RUNTIME_DEFAULTS: Readonly<Required<LabelRuntimeOptions>> = Object.freeze({
  memoryLimitMb: 64,
  timeout: 50,
  stepTimeout: 500,
});

/** What labels see of an episode before its first step. */
export interface EpisodeStart {
  taskId: string;
  goal: string;
  initial: PageState;
}

/** The parts of a StepRecord that labels see. */
export type LabelStep = Pick<StepRecord, 'index' | 'action' | 'actionText' | 'url' | 'title' | 'elements' | 'text'> &
  Partial<Pick<StepRecord, 'target' | 'probes' | 'error'>>;

/** How an episode ended, as labels see it in `traj.answer` / `traj.infeasible`. */
export interface EpisodeEnd {
  answer?: string;
  infeasible?: string;
}

/** Every label's value on one state. */
export interface LabelResults {
  /** Label id -> value; a label that failed counts as false. */
  values: Record<string, boolean>;
  /** Label id -> why it failed on this state (absent when it ran cleanly). */
  errors: Record<string, LabelError>;
}

/** Memory use of the sandbox isolate, in bytes, as V8 reports it. */
export interface SandboxHeapStatistics {
  total_physical_size: number;
  used_heap_size: number;
  /** Memory outside the V8 heap (large ArrayBuffers) that counts against memoryLimitMb. */
  externally_allocated_size: number;
}

const HOOKS = ['compile', 'begin', 'instantiate', 'setMode', 'append', 'finish', 'run', 'runOne', 'appendRun', 'progress', 'lockdown'] as const;
type Hook = (typeof HOOKS)[number];
type HookArg = string | number;
type Hooks = Record<Hook, ivm.Reference<(...args: HookArg[]) => string | number | undefined>>;

const BATCH = 0;
const ALONE = 1;
const SKIP = 2;
const RESULT_CODES = new Set(['label_threw', 'label_timeout', 'label_non_boolean']);
/** Trusted sandbox work (bootstrap, parsing a step) gets this much time regardless of label limits. */
const TRUSTED_TIMEOUT = 10_000;
/**
 * A step whose encoding has at most this many bytes per ms of `timeout` is appended in the same
 * call as the labels' batch. Appending runs at over 100 KB/ms, so it then takes a small part of
 * the batch's time; a larger step gets a trusted call of its own.
 */
const APPEND_WITH_BATCH_BYTES_PER_MS = 1024;

/**
 * `error`: the call was aborted by something the label's own try/catch cannot see (isolated-vm
 * throws "Not supported" for dynamic import(), for one).
 */
type CallResult = { ok: true; value: string } | { ok: false; kind: 'timeout' | 'memory' } | { ok: false; kind: 'error'; message: string };

interface Sandbox {
  isolate: ivm.Isolate;
  context: ivm.Context;
  hooks: Hooks;
  /** Hashes of label code compiled into this sandbox. */
  compiled: Set<string>;
}

/** sha256 of a label's code: the key under which it is compiled once per isolate. */
export function labelCodeHash(code: string): string {
  return createHash('sha256').update(code).digest('hex');
}

/**
 * Runs label functions against an episode, one state at a time, in an isolated-vm sandbox.
 *
 * One runtime serves one environment and is reused across episodes: one isolate (memory limit
 * `memoryLimitMb`) and one locked-down context live as long as the runtime; each label's code is
 * compiled once per isolate (keyed by its sha256) and evaluated afresh at every `reset`. Each
 * step's data crosses into the sandbox once, as a JSON string parsed and deep-frozen inside, and
 * is appended to the in-sandbox trajectory, so the cost of a step does not grow with the episode.
 * Elements and page texts the episode already sent (pages repeat) cross as references to the
 * frozen values already in the sandbox, so states share them instead of holding copies, and a
 * step of ordinary size is appended by the same call that runs the labels on it.
 *
 * Isolation guarantee: before any label code runs, globalThis and every intrinsic reachable from
 * it are frozen; `traj`, its states and `api` are frozen; each label is compiled as a function
 * body and called with no `this`. A label can therefore change nothing another label sees. It
 * can keep state only in its own closure, and only until the next `reset`.
 *
 * A label that throws, runs past `timeout`, exhausts memory or returns something other than a
 * boolean gets a LabelError in `errors` for that state; the others still score. Methods are
 * synchronous: a state costs well under a millisecond when labels behave; each misbehaving label
 * adds up to two `timeout`s the first time and then shares the `stepTimeout` budget; replacing an
 * isolate killed for memory takes seconds. The host only ever receives strings built inside the
 * sandbox, never a value a label made.
 *
 * Memory: the episode's states stay in the sandbox, about 100 KB of heap per 50 KB of elements and
 * text not seen earlier in the episode (a state that repeats a page's elements and text takes a few
 * KB), so the default 64 MB holds a few hundred steps of new pages; raise `memoryLimitMb` for longer
 * episodes.
 *
 * @example
 * const runtime = new LabelRuntime();
 * runtime.reset(labelSet.labels, { taskId, goal, initial: trajectory.initial });
 * for (const step of trajectory.steps) console.log(runtime.step(step).values);
 * runtime.close();
 */
export class LabelRuntime {
  readonly #options: Readonly<Required<LabelRuntimeOptions>>;
  #sandbox: Sandbox | undefined;
  #closed = false;
  /** Compile errors by code hash: bad code is sent to an isolate only once. */
  readonly #compileErrors = new Map<string, string>();
  #labels: LabelFunction[] = [];
  #hashes: string[] = [];
  #modes: number[] = [];
  /** Why a label in SKIP mode is not run. */
  #skipped: (LabelError | undefined)[] = [];
  #episode: Omit<EpisodeStart, 'initial'> | undefined;
  #encoder = new StateEncoder();
  /** The initial state and the steps as encoded for the sandbox: what a new isolate gets replayed. */
  #initial = '';
  #steps: string[] = [];
  #end: EpisodeEnd | undefined;
  #replacements = 0;
  /** Numbers run calls, so that after an abort the sandbox's progress can be matched to the call. */
  #seq = 0;

  constructor(options: LabelRuntimeOptions = {}) {
    const merged = { ...LABEL_RUNTIME_DEFAULTS, ...stripUndefined(options) };
    for (const key of ['memoryLimitMb', 'timeout', 'stepTimeout'] as const) {
      const v = merged[key];
      if (typeof v !== 'number' || !Number.isFinite(v) || v <= 0 || (key === 'memoryLimitMb' && v < 8)) {
        throw new LabelError('label_invalid', `LabelRuntime: bad option ${key} (expected a positive number${key === 'memoryLimitMb' ? ' >= 8' : ''}, got ${String(v)}).`);
      }
    }
    this.#options = Object.freeze(merged);
  }

  /** The limits in force. */
  get options(): Readonly<Required<LabelRuntimeOptions>> {
    return this.#options;
  }

  /** The labels of the current episode, in result order. */
  get labels(): readonly LabelFunction[] {
    return this.#labels;
  }

  /** Steps appended in the current episode. */
  get stepCount(): number {
    return this.#steps.length;
  }

  /** How many times the isolate was replaced after being killed for memory (over the runtime's life). */
  get replacements(): number {
    return this.#replacements;
  }

  /** Heap statistics of the sandbox isolate, in bytes (zeros before the first reset). */
  heapStatistics(): SandboxHeapStatistics {
    const sb = this.#sandbox;
    if (sb === undefined || sb.isolate.isDisposed) return { total_physical_size: 0, used_heap_size: 0, externally_allocated_size: 0 };
    const h = sb.isolate.getHeapStatisticsSync();
    return { total_physical_size: h.total_physical_size, used_heap_size: h.used_heap_size, externally_allocated_size: h.externally_allocated_size };
  }

  /** Labels of the current episode that did not compile or evaluate to a function, by id. */
  get compileErrors(): Record<string, LabelError> {
    const out: Record<string, LabelError> = {};
    this.#labels.forEach((l, i) => {
      const e = this.#skipped[i];
      if (e?.code === 'label_compile') out[l.id] = e;
    });
    return out;
  }

  /**
   * Start an episode: compile labels not yet compiled, evaluate every label's code afresh and load
   * the initial state. Labels that do not compile stay in the episode and report `label_compile`
   * on every state.
   * @throws {EnvError} `env_state` after `close`.
   * @throws {LabelError} `label_invalid` when two labels share an id.
   */
  reset(labels: readonly LabelFunction[], episode: EpisodeStart): void {
    if (this.#closed) throw new EnvError('env_state', 'LabelRuntime.reset: the runtime is closed. Create a new LabelRuntime.');
    const ids = new Set<string>();
    for (const l of labels) {
      if (ids.has(l.id)) throw new LabelError('label_invalid', `LabelRuntime.reset: duplicate label id ${JSON.stringify(l.id)} (expected unique ids). Rename one of the labels.`);
      ids.add(l.id);
    }
    const encoder = new StateEncoder();
    const initial = encoder.encode(pickState(episode.initial));
    this.#labels = [...labels];
    this.#hashes = labels.map((l) => labelCodeHash(l.code));
    this.#modes = labels.map(() => BATCH);
    this.#skipped = labels.map(() => undefined);
    this.#encoder = encoder;
    this.#initial = initial;
    this.#episode = { taskId: episode.taskId, goal: episode.goal };
    this.#steps = [];
    this.#end = undefined;
    if (this.#sandbox === undefined || this.#sandbox.isolate.isDisposed) {
      this.#open();
      return;
    }
    const killedBy = this.#startEpisode(this.#sandbox);
    if (killedBy !== undefined) this.#open();
  }

  /**
   * Append one step and run every label on the state after it.
   * @throws {EnvError} `env_state` before `reset`, after `finish` or after `close`.
   * @throws {LabelError} `label_memory` when the episode's own data no longer fits in `memoryLimitMb`.
   */
  step(step: LabelStep): LabelResults {
    this.#checkOpen('step');
    if (this.#end !== undefined) throw new EnvError('env_state', 'LabelRuntime.step: the episode is finished. Call reset to start another.');
    const json = this.#encoder.encode(pickStep(step));
    this.#steps.push(json);
    if (json.length <= APPEND_WITH_BATCH_BYTES_PER_MS * this.#options.timeout) return this.#runAll('step', json);
    this.#trusted('append', [json]);
    return this.#runAll('step');
  }

  /**
   * Run every label on the current state without appending: after `reset` this scores the initial
   * state (validation uses it to check that a label is false before anything happened).
   */
  score(): LabelResults {
    this.#checkOpen('score');
    return this.#runAll('score');
  }

  /**
   * Mark the episode done (`traj.done = true`, with its answer or infeasibility report) and run
   * every label on the final state.
   */
  finish(end: EpisodeEnd = {}): LabelResults {
    this.#checkOpen('finish');
    this.#end = { ...end };
    this.#trusted('finish', [JSON.stringify(this.#end)]);
    return this.#runAll('finish');
  }

  /** Dispose of the isolate. Idempotent; the runtime cannot be used afterwards. */
  close(): void {
    this.#closed = true;
    this.#dispose();
  }

  #checkOpen(method: string): void {
    if (this.#closed) throw new EnvError('env_state', `LabelRuntime.${method}: the runtime is closed. Create a new LabelRuntime.`);
    if (this.#episode === undefined) throw new EnvError('env_state', `LabelRuntime.${method}: no episode (expected reset first). Call reset(labels, episode).`);
  }

  #dispose(): void {
    const sb = this.#sandbox;
    this.#sandbox = undefined;
    // A memory kill has already disposed the isolate; disposing again would throw and hide why.
    if (sb !== undefined && !sb.isolate.isDisposed) sb.isolate.dispose();
  }

  /** Create isolate and context, lock down, start the episode and replay its steps; replaces a killed isolate. */
  #open(): void {
    for (;;) {
      this.#dispose();
      const isolate = new ivm.Isolate({ memoryLimit: this.#options.memoryLimitMb });
      const context = isolate.createContextSync();
      isolate.compileScriptSync(SANDBOX_SOURCE).runSync(context, { timeout: TRUSTED_TIMEOUT });
      const global = context.global.getSync('__coregym', { reference: true }) as ivm.Reference<Record<Hook, unknown>>;
      const hooks = {} as Hooks;
      for (const h of HOOKS) hooks[h] = global.getSync(h, { reference: true }) as Hooks[Hook];
      global.release();
      const sb: Sandbox = { isolate, context, hooks, compiled: new Set() };
      this.#sandbox = sb;
      this.#trusted('lockdown', []);
      if (this.#episode === undefined) return;
      const killedBy = this.#startEpisode(sb);
      if (killedBy !== undefined) continue;
      for (const json of this.#steps) this.#trusted('append', [json]);
      if (this.#end !== undefined) this.#trusted('finish', [JSON.stringify(this.#end)]);
      return;
    }
  }

  /**
   * Compile, begin, evaluate each label. Returns the index of a label whose evaluation killed the
   * isolate (it is now skipped and the caller must reopen), else undefined.
   */
  #startEpisode(sb: Sandbox): number | undefined {
    const episode = this.#episode!;
    const labels = this.#labels;
    for (let i = 0; i < labels.length; i++) {
      const hash = this.#hashes[i]!;
      if (sb.compiled.has(hash) || this.#compileErrors.has(hash) || this.#modes[i] === SKIP) continue;
      const message = this.#trusted('compile', [hash, labels[i]!.code]);
      if (message === '') sb.compiled.add(hash);
      else this.#compileErrors.set(hash, message);
    }
    this.#trusted('begin', [JSON.stringify(episode), labels.length, this.#initial]);
    for (let i = 0; i < labels.length; i++) {
      if (this.#modes[i] === SKIP) continue;
      const id = labels[i]!.id;
      const syntax = this.#compileErrors.get(this.#hashes[i]!);
      if (syntax !== undefined) {
        this.#skip(i, new LabelError('label_compile', `LabelRuntime.reset: label ${JSON.stringify(id)} does not compile: ${syntax}. Fix its code: it must be one JavaScript expression that evaluates to a function (traj, api) => boolean.`));
        continue;
      }
      const r = this.#call('instantiate', [i, this.#hashes[i]!], this.#options.timeout);
      if (r.ok && r.value === '') continue;
      if (!r.ok && r.kind === 'memory') {
        this.#replacements++;
        this.#skip(i, new LabelError('label_compile', `LabelRuntime.reset: label ${JSON.stringify(id)} exhausted the ${this.#options.memoryLimitMb} MB memory limit (memoryLimitMb) while its code was evaluated. Its code must only build the function, not compute.`));
        return i;
      }
      const what = r.ok ? r.value : r.kind === 'error' ? `failed while being evaluated: ${clip(r.message)}` : `did not finish evaluating within ${this.#options.timeout} ms (timeout)`;
      this.#skip(i, new LabelError('label_compile', `LabelRuntime.reset: label ${JSON.stringify(id)} ${what}. Fix its code: it must be one JavaScript expression that evaluates to a function (traj, api) => boolean.`));
    }
    for (let i = 0; i < labels.length; i++) if (this.#modes[i] === ALONE) this.#trusted('setMode', [i, ALONE]);
    return undefined;
  }

  #skip(i: number, error: LabelError): void {
    this.#modes[i] = SKIP;
    this.#skipped[i] = error;
    const sb = this.#sandbox;
    if (sb !== undefined && !sb.isolate.isDisposed) this.#trusted('setMode', [i, SKIP]);
  }

  /** A call into trusted sandbox code; a memory kill here means the episode itself no longer fits. */
  #trusted(hook: Hook, args: HookArg[]): string {
    let r = this.#call(hook, args, TRUSTED_TIMEOUT);
    // A failure left over from a label's earlier call (a pending dynamic import) surfaces in
    // whichever call comes next; it does not repeat.
    for (let attempt = 0; attempt < 3 && !r.ok && r.kind === 'error'; attempt++) r = this.#call(hook, args, TRUSTED_TIMEOUT);
    if (r.ok) return r.value;
    if (r.kind === 'error') throw new LabelError('label_threw', `LabelRuntime: the sandbox failed in ${hook}: ${r.message}. This is a bug in coregym; please report it.`);
    if (r.kind === 'timeout') {
      throw new LabelError('label_timeout', `LabelRuntime: loading episode data into the sandbox (${hook}) took over ${TRUSTED_TIMEOUT} ms. Record smaller states (fewer elements, shorter text).`);
    }
    this.#dispose();
    throw new LabelError('label_memory', `LabelRuntime: the episode's data (${this.#steps.length} steps) does not fit in the sandbox's ${this.#options.memoryLimitMb} MB (memoryLimitMb). Raise memoryLimitMb or record smaller states.`);
  }

  /**
   * Which call the sandbox saw last, the last call that finished appending its step, which label
   * it was running, and the results so far.
   */
  #progress(): { seq: number; appended: number; cur: number; result: string } {
    const text = this.#trusted('progress', []);
    const a = text.indexOf('\n');
    const b = text.indexOf('\n', a + 1);
    const c = text.indexOf('\n', b + 1);
    return { seq: Number(text.slice(0, a)), appended: Number(text.slice(a + 1, b)), cur: Number(text.slice(b + 1, c)), result: text.slice(c + 1) };
  }

  #call(hook: Hook, args: HookArg[], timeout: number): CallResult {
    const sb = this.#sandbox!;
    try {
      return { ok: true, value: String(sb.hooks[hook].applySync(undefined, args, { timeout: Math.max(1, Math.ceil(timeout)) }) ?? '') };
    } catch (e) {
      if (sb.isolate.isDisposed) return { ok: false, kind: 'memory' };
      // isolated-vm reports a timeout only through this message; it has no error code.
      if (e instanceof Error && /timed out/i.test(e.message)) return { ok: false, kind: 'timeout' };
      return { ok: false, kind: 'error', message: e instanceof Error ? e.message : 'an unknown error' };
    }
  }

  /**
   * Run every label on the current state: one batch call for the labels that behave; a label that
   * stops a batch then runs alone, and one that still overruns runs alone, after the others and
   * only while the step's budget lasts, for the rest of the episode. `append`, the step to append
   * first, goes in the batch's call.
   */
  #runAll(phase: 'step' | 'score' | 'finish', append?: string): LabelResults {
    const n = this.#labels.length;
    const done: boolean[] = new Array(n).fill(false);
    const values: boolean[] = new Array(n).fill(false);
    const errors: (LabelError | undefined)[] = new Array(n).fill(undefined);
    const where = phase === 'finish' ? 'on the final state' : this.#steps.length === 0 ? 'on the initial state' : `on step ${this.#steps.length - 1}`;
    const method = `LabelRuntime.${phase}`;
    const { timeout, stepTimeout } = this.#options;
    const deadline = performance.now() + stepTimeout;
    const suspects = new Set<number>();
    const offenders: number[] = [];

    const merge = (result: string): void => {
      const nl = result.indexOf('\n');
      const flags = nl < 0 ? result : result.slice(0, nl);
      for (let i = 0; i < n && i < flags.length; i++) {
        const c = flags[i];
        if (c === '1' || c === '0') { values[i] = c === '1'; done[i] = true; }
        else if (c === 'e') done[i] = true;
      }
      if (nl < 0) return;
      for (const [i, code, message] of JSON.parse(result.slice(nl + 1)) as [number, string, string][]) {
        if (!Number.isInteger(i) || i < 0 || i >= n) continue;
        errors[i] = new LabelError(RESULT_CODES.has(code) ? code : 'label_threw', `${method}: label ${JSON.stringify(this.#labels[i]!.id)} ${message} ${where}.`);
        done[i] = true;
      }
    };

    for (let i = 0; i < n; i++) {
      if (this.#modes[i] === SKIP) { errors[i] = this.#skipped[i]; done[i] = true; }
      else if (this.#modes[i] === ALONE) offenders.push(i);
    }

    // Each round either finishes the batch or moves the label that stopped it to the suspects,
    // so this ends after at most n rounds.
    let from = 0;
    let aborts = 0;
    let pending = append;
    while (from < n) {
      const seq = ++this.#seq;
      const r = pending === undefined ? this.#call('run', [from, timeout, seq], timeout) : this.#call('appendRun', [pending, from, timeout, seq], timeout);
      if (r.ok) { pending = undefined; merge(r.value); break; }
      if (r.kind === 'memory') {
        this.#replacements++;
        // The new isolate gets the step with the rest of the episode.
        pending = undefined;
        this.#open();
        for (let i = from; i < n; i++) if (!done[i] && this.#modes[i] === BATCH) suspects.add(i);
        break;
      }
      // A timeout, or an abort the label could not catch: find out which label was running.
      const p = this.#progress();
      if (p.seq !== seq) {
        // The call was aborted before it started (a failure left over from an earlier call).
        if (++aborts < 3) continue;
        for (let i = from; i < n; i++) if (!done[i] && this.#modes[i] === BATCH) suspects.add(i);
        break;
      }
      if (pending !== undefined) {
        pending = undefined;
        if (p.appended !== seq) {
          // Stopped while appending (the machine stalled past the timeout): the sandbox may hold
          // part of the step, so a new isolate gets the episode from the start.
          this.#open();
          continue;
        }
      }
      merge(p.result);
      if (p.cur >= n) {
        // Every label returned, then something they queued (a promise job) ran over or failed:
        // find it by running each label alone, with its own jobs and its own timeout.
        for (let i = from; i < n; i++) if (this.#modes[i] === BATCH) { suspects.add(i); done[i] = false; }
        break;
      }
      if (!Number.isInteger(p.cur) || p.cur < from) {
        // The progress record does not name a label of this batch (seen under heavy load after a
        // timeout): run every unfinished label alone rather than blame one.
        for (let i = from; i < n; i++) if (!done[i] && this.#modes[i] === BATCH) suspects.add(i);
        break;
      }
      // This label was running when the batch stopped. It may only be the last of several slow
      // labels, so it gets a run of its own before it is blamed.
      suspects.add(p.cur);
      from = p.cur + 1;
    }

    // Without labels there is no batch call; after repeated aborts none got to append the step.
    if (pending !== undefined) this.#trusted('append', [pending]);

    const order = [...[...suspects].sort((a, b) => a - b).map((i) => ({ i, budgeted: false })), ...offenders.map((i) => ({ i, budgeted: true }))];
    for (const { i, budgeted } of order) {
      if (this.#modes[i] === SKIP) continue;
      const id = JSON.stringify(this.#labels[i]!.id);
      const limit = budgeted ? Math.min(timeout, deadline - performance.now()) : timeout;
      if (limit <= 0) {
        errors[i] = new LabelError('label_timeout', `${method}: label ${id} was not run: it overran its time earlier this episode, and the step's ${stepTimeout} ms budget (stepTimeout) ran out ${where}.`);
        continue;
      }
      const started = performance.now();
      let r: CallResult = { ok: false, kind: 'timeout' };
      for (let attempt = 0; attempt < 3; attempt++) {
        const seq = ++this.#seq;
        r = this.#call('runOne', [i, timeout, seq], limit);
        // Retry only when an abort hit before this label started.
        if (r.ok || r.kind !== 'error' || this.#progress().seq === seq) break;
      }
      const overran = performance.now() - started > timeout;
      if (r.ok) merge(r.value);
      else if (r.kind === 'error') {
        errors[i] = new LabelError('label_threw', `${method}: label ${id} threw ${clip(r.message)} ${where} (the sandbox aborted the call; dynamic import() and host access are not available).`);
      } else if (r.kind === 'timeout') {
        errors[i] = new LabelError('label_timeout', limit < timeout
          ? `${method}: label ${id} was stopped when the step's ${stepTimeout} ms budget (stepTimeout) ran out ${where}.`
          : `${method}: label ${id} did not finish within ${timeout} ms (timeout) ${where}; it may loop forever. Make it a quick check of the data.`);
      } else {
        this.#replacements++;
        const error = new LabelError('label_memory', `${method}: label ${id} exhausted the ${this.#options.memoryLimitMb} MB memory limit (memoryLimitMb) ${where}; it is not run again this episode. Make it read the data without building large values.`);
        errors[i] = error;
        this.#modes[i] = SKIP;
        this.#skipped[i] = error;
        this.#open();
        continue;
      }
      done[i] = true;
      if (errors[i] !== undefined) values[i] = false;
      if ((overran || (!r.ok && r.kind === 'timeout')) && this.#modes[i] === BATCH) {
        // It would stall every batch: from now on it runs alone, after the others.
        this.#modes[i] = ALONE;
        this.#trusted('setMode', [i, ALONE]);
      }
    }

    const out: LabelResults = { values: {}, errors: {} };
    for (let i = 0; i < n; i++) {
      const id = this.#labels[i]!.id;
      out.values[id] = errors[i] === undefined && values[i]!;
      if (errors[i] !== undefined) out.errors[id] = errors[i]!;
    }
    return out;
  }
}

/** An element in the sandbox's pool: the keys and values of its JSON, in order. */
interface PooledElement {
  keys: string[];
  values: unknown[];
  ref: number;
}

/** Variants kept per (id, name): enough for the values and checked states a field goes through. */
const VARIANTS = 4;

/**
 * Encodes states for the sandbox's `load`: each element and each page text is sent once per
 * episode, as JSON in `f` (appended to the sandbox's pool in order), and after that as its index
 * in the pool. The state itself travels as JSON with placeholders where the elements (`e`) and
 * text (`t`) go, so that its keys keep their order. Host and sandbox number the pool the same way
 * only if every encoded state is loaded, in order: a new isolate gets the same messages replayed.
 *
 * An element is looked up among the pooled ones by id and name and compared field by field, which
 * costs less than serializing it: a page reports mostly the same elements step after step. Only
 * objects whose JSON is flat are pooled, and an element matches one when it is a plain object with
 * the same keys, in the same order, holding the same values: then its JSON is the pooled one.
 */
class StateEncoder {
  readonly #elements = new Map<unknown, Map<unknown, PooledElement[]>>();
  readonly #texts = new Map<string, number>();
  #size = 0;

  encode(state: Record<string, unknown>): string {
    // Everything that reads the caller's objects, and so may throw, comes before the pool changes:
    // a state that cannot be serialized leaves the pool as the sandbox has it.
    const els = state.elements;
    let refs: number[] | undefined;
    const missed: number[] = [];
    const missedJson: string[] = [];
    if (Array.isArray(els)) {
      refs = new Array<number>(els.length);
      for (let i = 0; i < els.length; i++) {
        const ref = this.#find(els[i]);
        if (ref >= 0) refs[i] = ref;
        else {
          missed.push(i);
          missedJson.push(JSON.stringify(els[i]) ?? 'null');
        }
      }
      state.elements = 0;
    }
    const text = typeof state.text === 'string' ? state.text : undefined;
    if (text !== undefined) state.text = 0;
    const body = JSON.stringify(state);

    const fresh: string[] = [];
    let head = '{';
    if (refs !== undefined) {
      for (let k = 0; k < missed.length; k++) {
        // Pooled as sent: parsed back from its JSON, not read again from the caller's object.
        const sent: unknown = JSON.parse(missedJson[k]!);
        // The same element can occur twice in one state.
        let ref = this.#find(sent);
        if (ref < 0) {
          ref = this.#size++;
          fresh.push(missedJson[k]!);
          this.#remember(sent, ref);
        }
        refs[missed[k]!] = ref;
      }
      head += `"e":${JSON.stringify(refs)},`;
    }
    if (text !== undefined) {
      let ref = this.#texts.get(text);
      if (ref === undefined) {
        ref = this.#size++;
        this.#texts.set(text, ref);
        fresh.push(JSON.stringify(text));
      }
      head += `"t":${ref},`;
    }
    return `${head}"f":[${fresh.join(',')}],"s":${body}}`;
  }

  /** The pool index of an element that serializes as el does, or -1. */
  #find(el: unknown): number {
    if (!isPlain(el)) return -1;
    const variants = this.#elements.get(el.id)?.get(el.name);
    if (variants === undefined) return -1;
    search: for (let j = 0; j < variants.length; j++) {
      const p = variants[j]!;
      // for...in rather than Object.keys, as it allocates nothing. Inherited keys it lists fail the
      // comparison, and values JSON drops or changes (undefined, NaN) never equal a parsed one.
      let k = 0;
      for (const key in el) {
        if (key !== p.keys[k] || el[key] !== p.values[k]) continue search;
        k++;
      }
      if (k !== p.keys.length) continue;
      // Most recently seen first, so that the variant that drops out is a stale one.
      if (j > 0) {
        variants.splice(j, 1);
        variants.unshift(p);
      }
      return p.ref;
    }
    return -1;
  }

  #remember(sent: unknown, ref: number): void {
    if (!isPlain(sent)) return;
    const keys = Object.keys(sent);
    const values = keys.map((k) => sent[k]);
    if (values.some((v) => v !== null && typeof v === 'object')) return;
    let byName = this.#elements.get(sent.id);
    if (byName === undefined) this.#elements.set(sent.id, (byName = new Map()));
    let variants = byName.get(sent.name);
    if (variants === undefined) byName.set(sent.name, (variants = []));
    variants.unshift({ keys, values, ref });
    if (variants.length > VARIANTS) variants.pop();
  }
}

/** An object JSON.stringify serializes as its own enumerable properties, with no toJSON. */
function isPlain(v: unknown): v is Record<string, unknown> {
  if (v === null || typeof v !== 'object') return false;
  const proto = Object.getPrototypeOf(v);
  return (proto === Object.prototype || proto === null) && !('toJSON' in v);
}

function clip(s: string, max = 300): string {
  return s.length > max ? `${s.slice(0, max)}... (${s.length} chars)` : s;
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

function pickState(s: PageState): Record<string, unknown> {
  const out: Record<string, unknown> = { url: s.url ?? '', title: s.title ?? '', elements: s.elements ?? [], text: s.text ?? '' };
  if (s.probes !== undefined) out.probes = s.probes;
  return out;
}

function pickStep(s: LabelStep): Record<string, unknown> {
  const out: Record<string, unknown> = {
    index: s.index,
    action: s.action,
    actionText: s.actionText ?? '',
    error: s.error ?? '',
    url: s.url ?? '',
    title: s.title ?? '',
    elements: s.elements ?? [],
    text: s.text ?? '',
  };
  if (s.target !== undefined) out.target = s.target;
  if (s.probes !== undefined) out.probes = s.probes;
  return out;
}
