import ivm from 'isolated-vm';
const iso = new ivm.Isolate({ memoryLimit: 64 });
const ctx = iso.createContextSync();
console.log(ctx.evalSync(`let x = 0; let t = Date.now(); for (let i = 0; i < 1e7; i++) x += i % 7; 'loop 1e7 ' + (Date.now() - t)`));
const c = process.cpuUsage();
console.log(ctx.evalSync(`const text = Array.from({length: 3000}, (_, i) => 'word' + (i % 50)).join(', '); const SEP = /[^a-z0-9]+/g; let t2 = Date.now(); for (let i = 0; i < 20; i++) text.toLowerCase().replace(SEP, ' '); 'replace ' + (Date.now() - t2) / 20`));
console.log(process.cpuUsage(c));
