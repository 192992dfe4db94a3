  const text = Array.from({length: 3000}, (_, i) => 'word' + (i % 50)).join(', ');
  const SEP = /[^a-z0-9]+/g; const T = /ord4/;
  let t = performance.now(); for (let i = 0; i < 20; i++) text.toLowerCase().replace(SEP, ' '); console.log('replace', (performance.now() - t) / 20);
  t = performance.now(); for (let i = 0; i < 20; i++) text.split(', '); console.log('split', (performance.now() - t) / 20);
  let x = 0; t = performance.now(); for (let i = 0; i < 1e7; i++) x += i % 7; console.log('loop 1e7', performance.now() - t);
