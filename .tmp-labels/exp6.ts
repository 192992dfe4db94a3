import ivm from 'isolated-vm';
const iso = new ivm.Isolate({ memoryLimit: 64 });
const ctx = iso.createContextSync();
ctx.evalSync(`globalThis.f = (s) => s.length; globalThis.g = (s) => JSON.parse(s).elements.length;`);
const f = ctx.global.getSync('f', { reference: true }) as ivm.Reference<any>;
const g = ctx.global.getSync('g', { reference: true }) as ivm.Reference<any>;
const big = JSON.stringify({ elements: Array.from({ length: 250 }, (_, i) => ({ id: String(i), role: 'link', name: 'some link name ' + i, visible: true, href: 'http://x/' + i })), text: 'word '.repeat(4000) });
const bigU = big + 'é';
function m(name: string, fn: () => void) {
  const xs: number[] = [];
  for (let i = 0; i < 2000; i++) { const c = process.cpuUsage(); fn(); const d = process.cpuUsage(c); xs.push(d.user + d.system); }
  xs.sort((a, b) => a - b); console.log(name.padEnd(30), 'cpu p50 us', xs[1000]);
}
m('small no timeout', () => f.applySync(undefined, ['x']));
m('small timeout', () => f.applySync(undefined, ['x'], { timeout: 50 }));
m('big no timeout', () => f.applySync(undefined, [big]));
m('big timeout', () => f.applySync(undefined, [big], { timeout: 50 }));
m('big unicode', () => f.applySync(undefined, [bigU], { timeout: 50 }));
m('big parse', () => g.applySync(undefined, [big], { timeout: 50 }));
m('host stringify', () => JSON.stringify(JSON.parse(big)));
const obj = JSON.parse(big);
m('host stringify only', () => JSON.stringify(obj));
const ec = new ivm.ExternalCopy(big);
m('externalcopy make', () => new ivm.ExternalCopy(big).release());
const fresh = Array.from({ length: 2000 }, (_, i) => big.replace('word', 'w' + i));
let k = 0;
m('fresh strings pass', () => f.applySync(undefined, [fresh[k++ % 2000]], { timeout: 50 }));
k = 0;
const fresh2 = Array.from({ length: 2000 }, (_, i) => big.replace('word', 'x' + i));
m('fresh strings parse', () => g.applySync(undefined, [fresh2[k++ % 2000]], { timeout: 50 }));
const fresh3 = Array.from({ length: 2000 }, (_, i) => JSON.parse(big.replace('word', 'y' + i)));
k = 0;
m('fresh stringify', () => JSON.stringify(fresh3[k++ % 2000]));
