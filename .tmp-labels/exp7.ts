import ivm from 'isolated-vm';
const iso = new ivm.Isolate({ memoryLimit: 64 });
const ctx = iso.createContextSync();
const code = `
  const text = Array.from({length: 3000}, (_, i) => 'word' + (i % 50)).join(', ');
  const SEP = /[^a-z0-9]+/g; const T = /ord4/; const SPLIT = /,/;
  function bench() {
    const out = [];
    let t = Date.now(); for (let i = 0; i < 20; i++) text.toLowerCase().replace(SEP, ' '); out.push('replace ' + (Date.now() - t) / 20);
    t = Date.now(); for (let i = 0; i < 2000; i++) T.test(text); out.push('test ' + (Date.now() - t) / 2000);
    t = Date.now(); for (let i = 0; i < 20; i++) text.split(', '); out.push('split ' + (Date.now() - t) / 20);
    t = Date.now(); for (let i = 0; i < 20; i++) text.replaceAll(', ', ' '); out.push('replaceAll str ' + (Date.now() - t) / 20);
    return out.join(' | ');
  }
  globalThis.before = bench();
  Object.freeze(RegExp.prototype);
  globalThis.after = bench();
  before + '\\n' + after`;
console.log(ctx.evalSync(code));
