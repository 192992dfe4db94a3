import ivm from 'isolated-vm';
const iso = new ivm.Isolate({ memoryLimit: 64 });
const ctx = iso.createContextSync();
const els = Array.from({ length: 250 }, (_, i) => ({ id: String(i), role: 'link', name: 'some link name ' + i, visible: true, href: 'http://x/' + i }));
const state = { url: 'http://x', title: 't', elements: els, text: 'word '.repeat(4000), probes: { shop: { state: { cart: [{ a: 1 }], products: Array.from({ length: 30 }, (_, i) => ({ id: 'p' + i, price: i })) } } } };
const json = JSON.stringify(state);
console.log('bytes', json.length);
ctx.evalSync(`
  globalThis.deepFreeze = function deepFreeze(v) {
    if (v === null || typeof v !== 'object' || Object.isFrozen(v)) return v;
    Object.freeze(v);
    if (Array.isArray(v)) { for (let i = 0; i < v.length; i++) { const x = v[i]; if (x !== null && typeof x === 'object') deepFreeze(x); } }
    else { for (const k in v) { const x = v[k]; if (x !== null && typeof x === 'object') deepFreeze(x); } }
    return v;
  };
  globalThis.deepFreeze2 = function deepFreeze2(v) {
    if (Array.isArray(v)) { for (let i = 0; i < v.length; i++) { const x = v[i]; if (x !== null && typeof x === 'object') deepFreeze2(x); } }
    else { const ks = Object.keys(v); for (let j = 0; j < ks.length; j++) { const x = v[ks[j]]; if (x !== null && typeof x === 'object') deepFreeze2(x); } }
    return Object.freeze(v);
  };
  globalThis.keep = [];
  globalThis.parseOnly = (s) => { const t = Date.now(); keep.push(JSON.parse(s)); return 0; };
  globalThis.parseFreeze = (s) => { keep.push(deepFreeze(JSON.parse(s))); return 0; };
  globalThis.parseFreeze2 = (s) => { keep.push(deepFreeze2(JSON.parse(s))); return 0; };
`);
for (const fn of ['parseOnly', 'parseFreeze', 'parseFreeze2']) {
  const ref = ctx.global.getSync(fn, { reference: true }) as ivm.Reference<any>;
  const xs: number[] = [];
  for (let i = 0; i < 200; i++) { const t = performance.now(); ref.applySync(undefined, [json]); xs.push(performance.now() - t); }
  xs.sort((a, b) => a - b);
  console.log(fn, xs[100]!.toFixed(3), xs[180]!.toFixed(3));
}
