/**
 * The fuzz pass: malformed actions (through WebEnv.step and parseAction), bad task specs and task
 * files, bad and hostile label sets, broken trajectory logs and demo folders, and malformed CLI
 * invocations. Each case must end in a clear, typed answer: a CoregymError subclass with a code,
 * a normal step result with `lastActionError`, a log read that counts the damage, or for the CLI
 * exit code 2 with a one-line message. A crash is an uncaught non-Coregym exception, a process
 * crash or a hang.
 * @module
 */
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { CoregymError, LabelError, WebEnv, getTask, instantiateTask, parseAction, registerTask, unregisterTask } from '../../src/env/index.ts';
import type { BrowserHost, PageState, TaskSpec } from '../../src/env/index.ts';
import { loadTaskFile, parseTaskFile } from '../../src/interop/index.ts';
import { LabelRuntime, loadLabelSet, parseLabelSet } from '../../src/labels/index.ts';
import type { LabelFunction } from '../../src/labels/index.ts';
import { loadDemos } from '../../src/suite/index.ts';
import type { TaskTemplate } from '../../src/suite/index.ts';
import { readEpisodeLog, readJson } from '../../src/train/index.ts';
import { Rng } from '../../src/env/index.ts';

const ROOT = resolve(import.meta.dirname, '..', '..');
/** A case without an answer after this long is a hang. CLI cases start a whole Node process, which takes seconds on a loaded machine. */
const CASE_TIMEOUT = 60_000;

type Verdict = 'clear' | 'accepted';
type Group = 'action' | 'task' | 'label' | 'trajectory' | 'cli';

interface Case {
  group: Group;
  name: string;
  run: () => Promise<Verdict>;
}

export interface FuzzResult {
  cases: number;
  clearErrors: number;
  /** Bad-looking inputs that turned out valid (e.g. a random string that parses as an action). */
  accepted: number;
  /** Typed or handled, but not in the promised form (e.g. a CLI usage error on two lines, or exit code 1). */
  unclear: { group: Group; name: string; error: string }[];
  crashes: { group: Group; name: string; error: string }[];
  byGroup: Record<Group, { cases: number; clear: number; accepted: number; unclear: number; crashes: number }>;
  /** The slowest cases, in ms. */
  slowest: { name: string; ms: number }[];
}

export interface FuzzOptions {
  cases: number;
  seed: number;
  host: BrowserHost;
  /** Scratch space (a subfolder is used and removed). */
  runDir: string;
  /** A suite template for task and env cases. */
  template: TaskTemplate;
  /** Progress lines (every 25 cases, and any case slower than 10 s). */
  log?: (msg: string) => void;
}

class Unclear extends Error {}

/** A thrown error is clear when it is a CoregymError with a code. */
function typed(error: unknown): Verdict {
  if (error instanceof CoregymError && typeof error.code === 'string' && error.code.length > 0) return 'clear';
  throw error;
}

async function expectTyped(run: () => unknown): Promise<Verdict> {
  try {
    await run();
  } catch (error) {
    return typed(error);
  }
  return 'accepted';
}

const HUGE = 10 * 1024 * 1024;

function randomText(rng: Rng, max: number): string {
  const alphabet = 'abcxyz0123456789 ()[]{}"\',.:;=_-\\/\n\t<>#!?*&%$@`~|^é漢🙂\u0000\u200b';
  const n = 1 + rng.below(max);
  let s = '';
  for (let i = 0; i < n; i++) s += alphabet[rng.below(alphabet.length)];
  return s;
}

/** Inputs that must not parse as an action (or, when they do, run as the action they are). */
function badActions(rng: Rng, randomCount: number): unknown[] {
  const fixed: unknown[] = [
    'x'.repeat(HUGE),
    `click("${'9'.repeat(HUGE)}")`,
    `fill("987654", "${'a'.repeat(HUGE)}")`,
    `${'('.repeat(100_000)}click("1")${')'.repeat(100_000)}`,
    '{"type":"click","id":5}',
    { type: 'click', id: 5 },
    { type: 'click' },
    { type: 'fill', id: '1', text: 5 },
    { type: 'scroll', dx: 'left', dy: null },
    { type: 'goto', url: 42 },
    { type: 'press', key: ['Enter'] },
    { type: 'select', id: '1', options: 'a' },
    { type: 'CLICK', id: '1' },
    { type: 'frobnicate', id: '1' },
    { type: 'click', id: { toString: () => '1' } },
    JSON.parse('{"type":"click","id":"1","__proto__":{"polluted":true}}'),
    {},
    [],
    null,
    undefined,
    42,
    true,
    Symbol('action'),
    () => 'click("1")',
    'frobnicate("1")',
    'click_element(1)',
    'rm -rf /',
    'click(12)',
    'click(["1"])',
    'click(null)',
    'fill(1, 2)',
    'goto(javascript:alert(1))',
    'tab_focus("two")',
    'scroll("a", "b")',
    'click("1"',
    'click("\\u0000")',
    '',
    '   ',
  ];
  const random = Array.from({ length: randomCount }, () => randomText(rng, 200));
  return [...fixed, ...random];
}

function label(id: string, code: string): LabelFunction {
  return { id, description: `fuzz ${id}`, code, origin: 'human', provenance: {} };
}

const HOSTILE_LABELS: [string, string][] = [
  ['loop', '(traj, api) => { for (;;) {} }'],
  ['throws', '(traj, api) => { throw new Error("boom") }'],
  ['throws-non-error', '(traj, api) => { throw 42 }'],
  ['memory', '(traj, api) => { const a = []; for (;;) a.push(new Array(1 << 20).fill(1.5)); }'],
  ['escape-process', '(traj, api) => typeof this.constructor.constructor("return process")().exit === "function"'],
  ['escape-fn', '(traj, api) => Function("return globalThis.process")().pid > 0'],
  ['number', '(traj, api) => 42'],
  ['promise', '(traj, api) => new Promise(() => {})'],
  ['async', 'async (traj, api) => true'],
  ['import', '(traj, api) => import("node:fs")'],
  ['mutate-traj', '(traj, api) => { traj.steps.push(1); return true }'],
  ['pollute', '(traj, api) => { Object.prototype.polluted = 1; return ({}).polluted === 1 }'],
  ['syntax', '(traj, api) => {'],
  ['not-a-function', '"just a string"'],
  ['statement', 'return true;'],
  ['recursion', '(traj, api) => { const f = (n) => f(n + 1) + 1; return f(0) > 0 }'],
  ['huge-code', `(traj, api) => ${'1 + '.repeat(20_000)}1 > 0`],
  ['getter-bomb', '(traj, api) => ({ get valueOf() { for (;;) {} } })'],
];

const STATE: PageState = { url: 'http://127.0.0.1/fuzz', title: 'fuzz', elements: [{ id: '1', role: 'button', name: 'Go' }], text: 'fuzz page' } as PageState;

function cliCases(): string[][] {
  return [
    ['no-such-command'],
    ['--definitely-not-a-flag'],
    ['bench'],
    ['bench', '--agent', 'random', '--out', '/tmp/coregym-fuzz-never', '--episodes', 'abc'],
    ['bench', '--agent', 'random', '--out', '/tmp/coregym-fuzz-never', '--parallel', '-3'],
    ['suite', 'record-demos', '--seeds', 'a,b', '--out', '/tmp/coregym-fuzz-never'],
    ['report', '/nonexistent/coregym-run'],
    ['synth', '--demo', '/nonexistent/demo.json'],
    ['import', 'webarena', '/nonexistent/config.json'],
    ['eval-labels', '--parallel', '0'],
    ['suite', 'serve', '--port', 'http'],
    ['train', '--synth', 'magic'],
  ];
}

function runCli(args: string[]): Promise<Verdict> {
  return new Promise((resolveCase, reject) => {
    const child = spawn(process.execPath, ['--no-node-snapshot', join(ROOT, 'src/cli/main.ts'), ...args], { cwd: ROOT, stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, CI: '1' } });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
    });
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`hang: coregym ${args.join(' ')} did not exit within ${CASE_TIMEOUT}ms`));
    }, CASE_TIMEOUT - 1000);
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      // commander adds a "(run with --help for usage)" hint under its message: not a second message.
      const lines = stderr.split('\n').map((l) => l.trim()).filter((l) => l && !l.startsWith('(run with --help'));
      const stack = /^\s*at .+:\d+:\d+\)?$/m.test(stderr) || /internal error/i.test(stderr);
      const what = `coregym ${args.join(' ').slice(0, 80)}: exit ${code ?? signal}, ${lines.length} stderr lines: ${stderr.slice(0, 300)}`;
      if (code === 2 && lines.length === 1 && !stack) resolveCase('clear');
      else if (stack || code === null) reject(new Error(what));
      else reject(new Unclear(what));
    });
  });
}

export async function runFuzz(o: FuzzOptions): Promise<FuzzResult> {
  const rng = new Rng(o.seed);
  const scratch = join(o.runDir, 'fuzz');
  mkdirSync(scratch, { recursive: true });
  const env = new WebEnv({ runtime: o.host });
  const runtime = new LabelRuntime({ memoryLimitMb: 32 });
  let episodeLive = false;
  const ensureEpisode = async () => {
    if (!episodeLive) {
      await env.reset({ task: o.template, seed: 1 });
      episodeLive = true;
    }
  };

  const cases: Case[] = [];
  // Actions: half through step() on a live page, half through parseAction.
  // About 115 fixed cases; random action strings make up the rest of a large request.
  badActions(rng, Math.max(40, o.cases - 115)).forEach((input, i) => {
    const name = `action ${i}: ${String(typeof input === 'string' ? input.slice(0, 40) : typeof input === 'symbol' ? 'symbol' : (JSON.stringify(input) ?? typeof input)?.slice(0, 40))}`;
    if (i % 2 === 0) {
      cases.push({
        group: 'action',
        name: `step ${name}`,
        run: async () => {
          await ensureEpisode();
          const r = await env.step(input as string);
          if (r.terminated || r.truncated) episodeLive = false;
          if (r.info.error) throw new Error(`step ended the episode with an infrastructure error: ${r.info.error.code}`);
          return r.observation.lastActionError ? 'clear' : 'accepted';
        },
      });
    } else {
      cases.push({ group: 'action', name: `parseAction ${name}`, run: () => expectTyped(() => parseAction(input as string)) });
    }
  });

  // Task specs and task files.
  const base = o.template;
  const badSpecs: [string, unknown][] = [
    ['upper-case id', { ...base, id: 'Fuzz.Task' }],
    ['no instantiate', { id: 'fuzz.no-instantiate', maxSteps: 5 }],
    ['maxSteps negative', { ...base, id: 'fuzz.neg', maxSteps: -1 }],
    ['maxSteps huge', { ...base, id: 'fuzz.huge', maxSteps: 1e9 }],
    ['maxSteps string', { ...base, id: 'fuzz.str', maxSteps: '10' }],
    ['probe not a function', { ...base, id: 'fuzz.probe', probes: { x: 42 } }],
    ['tags not strings', { ...base, id: 'fuzz.tags', tags: [1, 2] }],
    ['null', null],
    ['array', []],
    ['string', 'shop.add-to-cart'],
  ];
  for (const [name, spec] of badSpecs) cases.push({ group: 'task', name: `registerTask ${name}`, run: () => expectTyped(() => registerTask(spec as TaskSpec)) });
  const badInstances: [string, TaskSpec['instantiate']][] = [
    ['empty goal', () => ({ goal: '', startUrl: 'http://127.0.0.1/', params: {} })],
    ['startUrl number', () => ({ goal: 'g', startUrl: 5 as unknown as string, params: {} })],
    ['no params', () => ({ goal: 'g', startUrl: 'http://127.0.0.1/' }) as ReturnType<TaskSpec['instantiate']>],
    ['throws', () => {
      throw new Error('instantiate exploded');
    }],
    ['returns null', () => null as unknown as ReturnType<TaskSpec['instantiate']>],
  ];
  for (const [name, instantiate] of badInstances) {
    cases.push({ group: 'task', name: `instantiateTask ${name}`, run: () => expectTyped(() => instantiateTask({ id: 'fuzz.instance', maxSteps: 5, instantiate }, 1)) });
  }
  cases.push({ group: 'task', name: 'instantiateTask bad seed', run: () => expectTyped(() => instantiateTask(base, Number.NaN)) });
  cases.push({ group: 'task', name: 'getTask unknown', run: () => expectTyped(() => getTask('shop.add-to-kart')) });
  cases.push({ group: 'task', name: 'registerTask duplicate', run: async () => {
    registerTask({ ...base, id: 'fuzz.duplicate' });
    try {
      return await expectTyped(() => registerTask({ ...base, id: 'fuzz.duplicate' }));
    } finally {
      unregisterTask('fuzz.duplicate');
    }
  } });
  const taskFiles: [string, string][] = [
    ['not json', '{"schema": "coregym.task/1", '],
    ['wrong schema', '{"schema": "coregym.task/0"}'],
    ['wrong types', JSON.stringify({ schema: 'coregym.task/1', id: 7, goal: [], startUrl: null, maxSteps: 'x' })],
    ['binary', '\u0000\u0001\u0002\uffff'],
    ['empty', ''],
  ];
  for (const [name, text] of taskFiles) {
    const path = join(scratch, `task-${name.replace(/\W/g, '_')}.json`);
    cases.push({ group: 'task', name: `loadTaskFile ${name}`, run: () => {
      writeFileSync(path, text);
      return expectTyped(() => loadTaskFile(path));
    } });
  }
  cases.push({ group: 'task', name: 'loadTaskFile missing', run: () => expectTyped(() => loadTaskFile(join(scratch, 'missing.task.json'))) });
  cases.push({ group: 'task', name: 'parseTaskFile array', run: () => expectTyped(() => parseTaskFile([1, 2, 3])) });
  cases.push({ group: 'task', name: 'reset with an invalid spec', run: () => expectTyped(async () => {
    const e = new WebEnv({ runtime: o.host });
    try {
      await e.reset({ task: { ...base, id: 'Bad Id', maxSteps: 0 } as TaskSpec, seed: 1 });
    } finally {
      await e.close();
    }
  }) });

  // Label sets: bad fields, bad JSON, code that does not compile, hostile code run in the sandbox.
  const badSets: [string, unknown][] = [
    ['null', null],
    ['wrong schema', { schema: 'coregym.labels/0', taskId: 't', labels: [] }],
    ['labels not array', { schema: 'coregym.labels/1', taskId: 't', labels: {} }],
    ['code number', { schema: 'coregym.labels/1', taskId: 't', labels: [{ id: 'a', description: 'd', code: 5, origin: 'human' }] }],
    ['bad id', { schema: 'coregym.labels/1', taskId: 't', labels: [{ id: 'a b/c', description: 'd', code: '() => true', origin: 'human' }] }],
    ['bad origin', { schema: 'coregym.labels/1', taskId: 't', labels: [{ id: 'a', description: 'd', code: '() => true', origin: 'alien' }] }],
    ['huge description', { schema: 'coregym.labels/1', taskId: 't', labels: [{ id: 'a', description: 'd'.repeat(5000), code: '() => true', origin: 'human' }] }],
  ];
  for (const [name, input] of badSets) cases.push({ group: 'label', name: `parseLabelSet ${name}`, run: () => expectTyped(() => parseLabelSet(input)) });
  cases.push({ group: 'label', name: 'loadLabelSet bad JSON text', run: () => expectTyped(() => loadLabelSet('{"schema": "coregym.labels/1", "labels": [')) });
  cases.push({ group: 'label', name: 'loadLabelSet missing file', run: () => expectTyped(() => loadLabelSet(join(scratch, 'missing.labels.json'))) });
  cases.push({ group: 'label', name: 'loadLabelSet code does not compile', run: () => expectTyped(() => loadLabelSet({ schema: 'coregym.labels/1', taskId: 't', labels: [label('bad', '(traj, api) => {')] })) });
  for (const [name, code] of HOSTILE_LABELS) {
    cases.push({ group: 'label', name: `LabelRuntime hostile ${name}`, run: async () => {
      const l = label(`fuzz-${name}`, code);
      const good = label('good', '(traj, api) => traj.steps.length >= 0');
      runtime.reset([l, good], { taskId: 't', goal: 'g', initial: STATE });
      const r = runtime.step({ ...STATE, index: 0, action: { type: 'noop' }, actionText: 'noop()', error: '' });
      const end = runtime.finish({});
      if (r.values.good !== true || end.values.good !== true) throw new Error(`a hostile label (${name}) changed a well-behaved label's value`);
      const err = r.errors[l.id] ?? runtime.compileErrors[l.id];
      if (err) return err instanceof LabelError && err.code ? 'clear' : 'accepted';
      return 'accepted';
    } });
  }

  // Trajectory logs and demo folders.
  const logs: [string, string | Buffer][] = [
    ['binary', Buffer.from(Array.from({ length: 4096 }, () => rng.below(256)))],
    ['torn last line', '{"kind":"error","key":"a","attempt":1,"code":"x","message":"m","steps":0}\n{"kind":"episode","key":"b",'],
    ['wrong schema', '{"kind":"episode","key":"a"}\n{"kind":"nope"}\n'],
    ['not json lines', 'hello\nworld\n'],
    ['huge garbage line', `${'z'.repeat(HUGE)}\n`],
    ['nul bytes', '\u0000\u0000\n\u0000\n'],
  ];
  for (const [name, content] of logs) {
    const path = join(scratch, `log-${name.replace(/\W/g, '_')}.jsonl`);
    cases.push({ group: 'trajectory', name: `readEpisodeLog ${name}`, run: async () => {
      writeFileSync(path, content);
      const r = readEpisodeLog(path, { repair: true });
      return r.corruptLines > 0 || r.tornBytes > 0 ? 'clear' : 'accepted';
    } });
  }
  cases.push({ group: 'trajectory', name: 'readEpisodeLog of a directory', run: () => expectTyped(() => readEpisodeLog(scratch)) });
  cases.push({ group: 'trajectory', name: 'readJson bad JSON', run: () => {
    const path = join(scratch, 'bad.json');
    writeFileSync(path, '{"rounds": [');
    return expectTyped(() => readJson(path));
  } });
  const demoDir = join(scratch, 'demos');
  cases.push({ group: 'trajectory', name: 'loadDemos wrong schema', run: () => {
    mkdirSync(join(demoDir, 'shop.fuzz'), { recursive: true });
    writeFileSync(join(demoDir, 'shop.fuzz', 'default.seed1.json'), JSON.stringify({ schema: 'nope', steps: 'x' }));
    return expectTyped(() => loadDemos({ shop: 'http://a', forum: 'http://b', tracker: 'http://c' }, { dir: demoDir }));
  } });
  cases.push({ group: 'trajectory', name: 'loadDemos not JSON', run: () => {
    const dir = join(scratch, 'demos2');
    mkdirSync(join(dir, 'shop.fuzz'), { recursive: true });
    writeFileSync(join(dir, 'shop.fuzz', 'default.seed1.json'), '{"schema": ');
    return expectTyped(() => loadDemos({ shop: 'http://a', forum: 'http://b', tracker: 'http://c' }, { dir }));
  } });

  for (const args of cliCases()) cases.push({ group: 'cli', name: `coregym ${args.join(' ')}`, run: () => runCli(args) });

  // Take a seeded sample of the requested size, keeping every group represented.
  const chosen = pickCases(cases, o.cases, rng);
  const byGroup = {} as FuzzResult['byGroup'];
  for (const g of ['action', 'task', 'label', 'trajectory', 'cli'] as Group[]) byGroup[g] = { cases: 0, clear: 0, accepted: 0, unclear: 0, crashes: 0 };
  const crashes: FuzzResult['crashes'] = [];
  const unclear: FuzzResult['unclear'] = [];
  let clear = 0;
  let accepted = 0;
  const slowest: { name: string; ms: number }[] = [];
  let done = 0;
  const runOne = async (c: Case) => {
    byGroup[c.group].cases++;
    let timer: NodeJS.Timeout | undefined;
    const t0 = performance.now();
    try {
      const verdict = await Promise.race([
        c.run(),
        new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(new Error(`hang: no answer within ${CASE_TIMEOUT}ms`)), CASE_TIMEOUT);
        }),
      ]);
      // A synchronous call cannot be interrupted by the timer: one that blocked this long is a hang too.
      const ms = performance.now() - t0;
      if (ms > CASE_TIMEOUT) throw new Error(`hang: blocked for ${Math.round(ms)}ms`);
      if (verdict === 'clear') {
        clear++;
        byGroup[c.group].clear++;
      } else {
        accepted++;
        byGroup[c.group].accepted++;
      }
    } catch (error) {
      const entry = { group: c.group, name: c.name.slice(0, 120), error: `${(error as Error)?.name ?? typeof error}: ${String((error as Error)?.message ?? error).split('\n')[0]!.slice(0, 300)}` };
      if (error instanceof Unclear) {
        byGroup[c.group].unclear++;
        unclear.push(entry);
      } else {
        byGroup[c.group].crashes++;
        crashes.push(entry);
      }
      if (c.group === 'action') episodeLive = false;
    } finally {
      clearTimeout(timer);
      const ms = Math.round(performance.now() - t0);
      slowest.push({ name: c.name.slice(0, 60), ms });
      done++;
      if (ms > 10_000) o.log?.(`fuzz: slow case (${ms} ms): ${c.name.slice(0, 80)}`);
      if (done % 25 === 0) o.log?.(`fuzz: ${done}/${chosen.length} cases, ${crashes.length} crashes`);
    }
  };
  try {
    for (const c of chosen.filter((x) => x.group !== 'cli')) await runOne(c);
    // CLI processes two at a time, after the in-process cases so none of those blocks their timers.
    const cli = chosen.filter((c) => c.group === 'cli');
    let next = 0;
    await Promise.all([0, 1].map(async () => {
      while (next < cli.length) await runOne(cli[next++]!);
    }));
  } finally {
    await env.close();
    runtime.close();
    rmSync(scratch, { recursive: true, force: true });
  }
  return { cases: chosen.length, clearErrors: clear, accepted, unclear, crashes, byGroup, slowest: slowest.sort((a, b) => b.ms - a.ms).slice(0, 5) };
}

function pickCases(all: Case[], n: number, rng: Rng): Case[] {
  if (n >= all.length) return all;
  const groups = [...new Set(all.map((c) => c.group))];
  const pools = new Map(groups.map((g) => [g, rng.shuffle(all.filter((c) => c.group === g))]));
  // Each CLI case starts a Node process (seconds each on a busy machine): small samples take few.
  pools.set('cli', pools.get('cli')!.slice(0, Math.max(3, Math.floor(n / 12))));
  const out: Case[] = [];
  while (out.length < n && [...pools.values()].some((p) => p.length > 0)) {
    for (const g of groups) {
      const c = pools.get(g)!.shift();
      if (c && out.length < n) out.push(c);
    }
  }
  return out;
}
