import { BrowserPool } from './src/env/index.ts';
import { BrowserFleet } from './bench/soak/fleet.ts';
import { existsSync } from 'node:fs';
const fleet = await BrowserFleet.start(2, '/usr/lib/chromium/chromium-headless-shell');
const pids = [0,1].map(i => fleet.pid(i)!);
const pool = new BrowserPool({ endpoints: fleet.endpoints, reconnectDelayMs: 250, maxReconnectDelayMs: 2000 });
const leases = []; for (let i = 0; i < 4; i++) leases.push(await pool.acquire());
console.log('endpoints of leases', leases.map(l => fleet.endpoints.indexOf(l.endpoint!)));
fleet.kill(0);
for (let i = 0; i < 6; i++) {
  await new Promise(r => setTimeout(r, 300));
  console.log('t+', i, pool.status().map(s => [s.up, s.contexts, s.failures]), 'live', fleet.live(), pids.map(p => existsSync(`/proc/${p}/exe`)));
}
await pool.close(); await fleet.close();
