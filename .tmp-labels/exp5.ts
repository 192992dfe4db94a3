import ivm from 'isolated-vm';
const limit = Number(process.argv[2] ?? 64);
const mode = process.argv[3] ?? 'keep';
const iso = new ivm.Isolate({ memoryLimit: limit });
const ctx = iso.createContextSync();
function mk(step: number) {
  const els = Array.from({ length: 250 }, (_, i) => ({ id: String(i), role: 'link', name: 'some link name ' + i + ' ' + step, visible: true, href: 'http://x/' + i }));
  return JSON.stringify({ url: 'http://x/' + step, title: 't', elements: els, text: ('word ' + step + ' ').repeat(3000), probes: { shop: { state: { cart: [{ a: 1 }], products: Array.from({ length: 30 }, (_, i) => ({ id: 'p' + i, price: i + step })) } } } });
}
ctx.evalSync(`
  globalThis.keep = [];
  globalThis.parseKeep = (s) => { keep.push(${mode === 'raw' ? 's' : 'JSON.parse(s)'}); return 0; };
`);
const ref = ctx.global.getSync('parseKeep', { reference: true }) as ivm.Reference<any>;
const jsons = Array.from({ length: 220 }, (_, i) => mk(i));
const xs: number[] = [];
for (let i = 0; i < 220; i++) { const c = process.cpuUsage(); ref.applySync(undefined, [jsons[i]]); const d = process.cpuUsage(c); xs.push((d.user + d.system) / 1000); if (i % 50 === 0) { const h = iso.getHeapStatisticsSync(); console.log(i, 'used', (h.used_heap_size/1e6).toFixed(1), 'total', (h.total_heap_size/1e6).toFixed(1), 'limit', (h.heap_size_limit/1e6).toFixed(1)); } }
const s = [...xs].sort((a, b) => a - b);
console.log('limit', limit, mode, 'p50', s[110]!.toFixed(3), 'p90', s[198]!.toFixed(3), 'slow>2ms', xs.filter(x => x > 2).length);
