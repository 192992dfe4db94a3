import ivm from 'isolated-vm';
import { SANDBOX_SOURCE } from '/work/main/src/labels/sandbox-source.ts';
const iso = new ivm.Isolate({ memoryLimit: 64 });
let t = performance.now();
const script = iso.compileScriptSync(SANDBOX_SOURCE);
console.log('compile', performance.now() - t);
for (let r = 0; r < 3; r++) {
  t = performance.now();
  const ctx = iso.createContextSync();
  const t1 = performance.now();
  script.runSync(ctx);
  const t2 = performance.now();
  const hooks = ctx.global.getSync('__coregym', { reference: true });
  const h: Record<string, any> = {};
  for (const k of ['begin', 'install', 'setMode', 'append', 'finish', 'run', 'runOne', 'progress', 'lockdown']) h[k] = hooks.getSync(k, { reference: true });
  const t3 = performance.now();
  h.lockdown.applySync(undefined, []);
  const t4 = performance.now();
  console.log('ctx', (t1 - t).toFixed(2), 'boot', (t2 - t1).toFixed(2), 'refs', (t3 - t2).toFixed(2), 'lockdown', (t4 - t3).toFixed(2));
  console.log(ctx.evalSync(`[Object.isFrozen(globalThis), Object.isFrozen(Array.prototype), typeof __coregym, typeof WebAssembly, (()=>{ try { globalThis.x = 1; } catch (e) { return 'threw ' + e.message } return 'ok ' + globalThis.x })(), typeof RegExp.$1].join()`));
  ctx.release();
}
