import ivm from 'isolated-vm';
const iso = new ivm.Isolate({ memoryLimit: 64 });
const ctx = iso.createContextSync();
ctx.evalSync(`
  globalThis.text = Array.from({length: 3000}, (_, i) => 'word' + (i % 50)).join(', ');
  globalThis.SEP = /[^a-z0-9]+/g; globalThis.T = /ord4/; globalThis.E = /^[a-z]+$/;
  globalThis.rep = () => text.toLowerCase().replace(SEP, ' ').length;
  globalThis.tst = () => { let n = 0; for (let i = 0; i < 1000; i++) if (E.test('hello')) n++; return n; };
  globalThis.spl = () => text.split(', ').length;
`);
const rep = ctx.global.getSync('rep', { reference: true }) as any, tst = ctx.global.getSync('tst', { reference: true }) as any, spl = ctx.global.getSync('spl', { reference: true }) as any;
function m(name: string, f: any) { const xs: number[] = []; for (let i = 0; i < 300; i++) { const c = process.cpuUsage(); f.applySync(undefined, []); const d = process.cpuUsage(c); xs.push((d.user + d.system)); } xs.sort((a, b) => a - b); console.log(name, xs[150], 'us'); }
m('replace', rep); m('test x1000', tst); m('split', spl);
ctx.evalSync('Object.freeze(RegExp.prototype); Object.freeze(String.prototype); Object.freeze(Object.prototype)');
console.log('--- frozen');
m('replace', rep); m('test x1000', tst); m('split', spl);
