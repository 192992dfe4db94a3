for (let r = 0; r < 3; r++) {
let c = process.cpuUsage(); let t = performance.now(); let x = 0; for (let i = 0; i < 1e7; i++) x += i % 7; const d = process.cpuUsage(c); console.log('loop 1e7 wall', (performance.now() - t).toFixed(1), 'cpu', ((d.user + d.system) / 1000).toFixed(1));
const text = Array.from({length: 3000}, (_, i) => 'word' + (i % 50)).join(', ');
c = process.cpuUsage(); for (let i = 0; i < 20; i++) text.toLowerCase().replace(/[^a-z0-9]+/g, ' '); const d2 = process.cpuUsage(c); console.log('replace cpu ms', (d2.user + d2.system) / 1000 / 20);
}
