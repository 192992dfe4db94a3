/**
 * The JavaScript that runs inside each sandbox context: the episode store, the label runner and
 * the lockdown that freezes every intrinsic before any label code is evaluated.
 * @module
 */
import { API_SOURCE } from './api-source.ts';

/**
 * Evaluated once per context. It leaves one global, `__coregym`, holding the host hooks; the host
 * takes references to them and then calls `lockdown`, which deletes that global, removes
 * WebAssembly, SharedArrayBuffer, Atomics and RegExp's legacy static properties, and deep-freezes
 * globalThis, every intrinsic reachable from it and the api. Only after that are labels evaluated,
 * so no label code ever runs while something shared is still writable.
 *
 * Hooks return compact strings: one flag per label ('1' true, '0' false, 'e' error, '-' not run
 * here), then, when some label failed, a newline and a JSON array of [index, code, message]. Every
 * message is built inside the sandbox, so the host only ever receives strings.
 */
export const SANDBOX_SOURCE = String.raw`(function () {
  'use strict';
  const G = globalThis;
  const freeze = Object.freeze, isFrozen = Object.isFrozen, getDesc = Object.getOwnPropertyDescriptor;
  const getProto = Object.getPrototypeOf, ownKeys = Reflect.ownKeys, isArray = Array.isArray;
  const jsonParse = JSON.parse, jsonStringify = JSON.stringify, now = Date.now;

  function deepFreeze(v) {
    if (v === null || typeof v !== 'object' || isFrozen(v)) return v;
    freeze(v);
    if (isArray(v)) {
      for (let i = 0; i < v.length; i++) { const x = v[i]; if (x !== null && typeof x === 'object') deepFreeze(x); }
    } else {
      for (const k in v) { const x = v[k]; if (x !== null && typeof x === 'object') deepFreeze(x); }
    }
    return v;
  }
  // Deep-freezes everything reachable from root, prototypes included. The set persists so that
  // hardening each episode's api does not walk the (already frozen) intrinsics again.
  function harden(root) {
    const todo = [root];
    while (todo.length > 0) {
      const o = todo.pop();
      if (o === null || (typeof o !== 'object' && typeof o !== 'function') || hardened.has(o)) continue;
      hardened.add(o);
      freeze(o);
      for (const k of ownKeys(o)) {
        const d = getDesc(o, k);
        if (d === undefined) continue;
        if ('value' in d) todo.push(d.value); else { todo.push(d.get); todo.push(d.set); }
      }
      todo.push(getProto(o));
    }
  }

  const makeApi = (__API_SOURCE__);
  // Captured before lockdown; labels are compiled as function bodies so that nothing they declare,
  // even code that closes the parenthesis early, can land in the context's shared script scope.
  const makeFunction = Function;
  const factories = new Map();
  const hardened = new WeakSet();

  let store = null, api = null, stepsView = null, stepsGetter = null;
  let header = null, done = false, traj = null;
  let fns = [], modes = [], count = 0, flags = [], errs = [], cur = -1, seq = -1, appended = -1;

  function currentTraj() {
    if (traj !== null) return traj;
    const t = { goal: header.goal, taskId: header.taskId, initial: store.S[0] };
    Object.defineProperty(t, 'steps', { get: stepsGetter, enumerable: true });
    if (store.answer !== undefined) t.answer = store.answer;
    if (store.infeasible !== undefined) t.infeasible = store.infeasible;
    t.done = done;
    traj = freeze(t);
    return traj;
  }

  function compile(hash, code) {
    if (factories.has(hash)) return '';
    let f;
    try {
      f = makeFunction('return (' + code + '\n);');
    } catch (e) {
      return describeThrown(e);
    }
    harden(f);
    factories.set(hash, f);
    return '';
  }
  function begin(json, n, initial) {
    const s = {
      S: [], X: [], steps: [], pool: [], answer: undefined, infeasible: undefined,
      stepsView: () => stepsView === null ? (stepsView = freeze(s.steps.slice())) : stepsView,
    };
    store = s;
    stepsView = null;
    stepsGetter = freeze(function steps() { return s.stepsView(); });
    api = makeApi(s);
    harden(api);
    header = jsonParse(json);
    s.S.push(load(initial));
    done = false;
    traj = null;
    count = n;
    fns = new Array(n).fill(null);
    modes = new Array(n).fill(2);
  }
  function instantiate(i, hash) {
    const f = factories.get(hash);
    if (f === undefined) return 'was not compiled';
    let v;
    try {
      v = f();
    } catch (e) {
      return 'threw ' + describeThrown(e) + ' while being evaluated';
    }
    if (typeof v !== 'function') return 'evaluates to ' + describeResult(v) + ', expected a function (traj, api) => boolean';
    fns[i] = v;
    modes[i] = 0;
    return '';
  }
  function setMode(i, m) { modes[i] = m; }
  function note(a) {
    if (!a) return;
    if (a.type === 'answer' && typeof a.text === 'string') store.answer = a.text;
    if (a.type === 'infeasible') store.infeasible = typeof a.reason === 'string' ? a.reason : '';
  }
  // A state as the host's StateEncoder sends it: new pool values in f, elements and text as pool
  // indexes. Pool values are frozen once and then shared by every state that has them.
  function load(json) {
    const m = jsonParse(json);
    const pool = store.pool, f = m.f, s = m.s;
    for (let i = 0; i < f.length; i++) pool.push(deepFreeze(f[i]));
    const e = m.e;
    if (e !== undefined) {
      for (let i = 0; i < e.length; i++) e[i] = pool[e[i]];
      s.elements = freeze(e);
    }
    if (m.t !== undefined) s.text = pool[m.t];
    return deepFreeze(s);
  }
  function append(json) {
    const s = load(json);
    store.S.push(s);
    store.steps.push(s);
    note(s.action);
    stepsView = null;
    traj = null;
    return store.steps.length;
  }
  function finish(json) {
    const end = jsonParse(json);
    if (typeof end.answer === 'string') store.answer = end.answer;
    if (typeof end.infeasible === 'string') store.infeasible = end.infeasible;
    done = true;
    traj = null;
  }

  function clip(s, max) { return s.length > max ? s.slice(0, max) + '... (' + s.length + ' chars)' : s; }
  function describeResult(r) {
    try {
      if (typeof r === 'string') return 'the string ' + jsonStringify(clip(r, 60));
      if (typeof r === 'number' || typeof r === 'bigint') return 'the number ' + String(r);
      if (typeof r === 'symbol' || typeof r === 'undefined') return 'a ' + typeof r;
      if (typeof r === 'function') return 'a function';
      if (r === null) return 'null';
      if (typeof r.then === 'function') return 'a promise or thenable (labels are synchronous: do not use async or await)';
      return isArray(r) ? 'an array' : 'an object';
    } catch (e) {
      return 'an object whose properties could not be read';
    }
  }
  function describeThrown(e) {
    try {
      if (typeof e === 'string') return 'the string ' + jsonStringify(clip(e, 300));
      if (e === null || (typeof e !== 'object' && typeof e !== 'function')) return 'the value ' + String(e);
      const name = e.name, message = e.message;
      if (typeof message === 'string') return (typeof name === 'string' ? clip(name, 60) : 'Error') + ': ' + clip(message, 300);
      return 'a ' + typeof e + ' that is not an Error';
    } catch (x) {
      return 'a value whose message could not be read';
    }
  }

  function runLabel(i, t, limitMs) {
    // Called through a local so that "this" is not the fns array (a label could rewrite its neighbours).
    const f = fns[i];
    const t0 = now();
    let r;
    try {
      r = f(t, api);
    } catch (e) {
      errs.push([i, 'label_threw', 'threw ' + describeThrown(e)]);
      return 'e';
    }
    const ms = now() - t0;
    if (ms > limitMs) {
      errs.push([i, 'label_timeout', 'ran for ' + ms + ' ms, over the ' + limitMs + ' ms limit']);
      return 'e';
    }
    if (r === true) return '1';
    // undefined and null count as false so that optional chaining (a?.b?.some(...)) reads naturally.
    if (r === false || r === undefined || r === null) return '0';
    errs.push([i, 'label_non_boolean', 'returned ' + describeResult(r) + ' (expected true or false)']);
    return 'e';
  }
  function encode() {
    return flags.join('') + (errs.length === 0 ? '' : '\n' + jsonStringify(errs));
  }
  function reset() {
    flags = new Array(count).fill('-');
    errs = [];
  }
  // seq numbers each host call, so that after an abort the host can tell whether this call started.
  // It is set only once the previous call's results are cleared, so that a call stopped early never
  // reports them as its own.
  function start(callSeq) {
    cur = -1;
    reset();
    seq = callSeq;
  }
  function run(from, limitMs, callSeq) {
    start(callSeq);
    const t = currentTraj();
    for (let i = from; i < count; i++) {
      cur = i;
      if (modes[i] === 0) flags[i] = runLabel(i, t, limitMs);
    }
    cur = count;
    return encode();
  }
  function runOne(i, limitMs, callSeq) {
    start(callSeq);
    const t = currentTraj();
    cur = i;
    flags[i] = runLabel(i, t, limitMs);
    cur = count;
    return encode();
  }
  // A step and the batch on it in one call, as a call costs more than appending a small step. The
  // host learns from appended whether a call that was stopped had finished the append.
  function appendRun(json, from, limitMs, callSeq) {
    start(callSeq);
    append(json);
    appended = callSeq;
    return run(from, limitMs, callSeq);
  }
  function progress() { return seq + '\n' + appended + '\n' + cur + '\n' + encode(); }

  function lockdown() {
    delete G.__coregym;
    // Not needed by labels, and each is a way around the limits: WebAssembly memory is reserved
    // outside the heap limit, SharedArrayBuffer and Atomics allow blocking waits.
    delete G.WebAssembly;
    delete G.SharedArrayBuffer;
    delete G.Atomics;
    // RegExp.$1, lastMatch and friends are accessors that let one label read another's last match.
    for (const k of ownKeys(RegExp)) {
      if (typeof k !== 'string') continue;
      const d = getDesc(RegExp, k);
      if (d !== undefined && d.get !== undefined) delete RegExp[k];
    }
    harden(G);
  }

  G.__coregym = { compile, begin, instantiate, setMode, append, finish, run, runOne, appendRun, progress, lockdown };
})();
`.replace('__API_SOURCE__', () => API_SOURCE);
