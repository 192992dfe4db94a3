import { BrowserPool } from './src/env/index.ts';
import { BrowserFleet } from './bench/soak/fleet.ts';
const fleet = await BrowserFleet.start(2, '/usr/lib/chromium/chromium-headless-shell');
const pool = new BrowserPool({ endpoints: fleet.endpoints, reconnectDelayMs: 250, maxReconnectDelayMs: 2000 });
const a = await pool.acquire(); const b = await pool.acquire();
console.log('status', pool.status().map(s => [s.up, s.contexts]));
const p = await a.context.newPage();
fleet.kill(a.endpoint === fleet.endpoints[0] ? 0 : 1);
const killed = a.endpoint === fleet.endpoints[0] ? 0 : 1;
await p.evaluate(() => 1).catch(e => console.log('evaluate err', e.message.split('\n')[0]));
await new Promise(r => setTimeout(r, 1000));
console.log('after kill', pool.status().map(s => [s.up, s.contexts, s.failures]), 'live', fleet.live());
const t0 = Date.now();
await fleet.restart(killed);
console.log('restarted in', Date.now() - t0, 'ms; live', fleet.live());
for (let i = 0; i < 6; i++) {
  await new Promise(r => setTimeout(r, 1000));
  console.log('t+', i, pool.status().map(s => [s.up, s.contexts, s.failures]));
}
for (let i = 0; i < 4; i++) { try { const l = await pool.acquire(); console.log('acquired on', l.endpoint === fleet.endpoints[killed] ? 'restarted' : 'other'); } catch (e) { console.log('acquire err', (e as Error).message.slice(0, 200)); } }
await pool.close(); await fleet.close();
