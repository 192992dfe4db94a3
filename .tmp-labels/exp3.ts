import ivm from 'isolated-vm';
const iso = new ivm.Isolate({ memoryLimit: 64 });
const ctx = iso.createContextSync();
console.log(ctx.evalSync(`
  const seen = new Set(); const todo = [globalThis]; let props = 0;
  let t0 = Date.now();
  while (todo.length) { const o = todo.pop(); if (o === null || (typeof o !== 'object' && typeof o !== 'function') || seen.has(o)) continue; seen.add(o);
    for (const k of Reflect.ownKeys(o)) { props++; const d = Object.getOwnPropertyDescriptor(o, k); if ('value' in d) todo.push(d.value); else { todo.push(d.get, d.set); } }
    todo.push(Object.getPrototypeOf(o)); }
  const walk = Date.now() - t0; t0 = Date.now();
  let slow = [];
  for (const o of seen) { const a = Date.now(); Object.freeze(o); const b = Date.now() - a; if (b > 0) slow.push((typeof o === 'function' ? o.name : Object.prototype.toString.call(o)) + ':' + b); }
  [seen.size, props, walk, Date.now() - t0, slow.join(' ')].join(' | ')
`));
