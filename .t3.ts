import { BrowserPool } from './src/env/index.ts';
import { chromium } from 'playwright-core';
const orig = chromium.connect.bind(chromium); let calls = 0; (chromium as any).connect = async (...a: any[]) => { calls++; const t = Date.now(); if (calls === 10) console.log(new Error('who').stack); try { return await orig(...a); } catch (e) { if (calls < 5 || calls % 50 === 0) console.log('connect fail', calls, Date.now() - t, 'ms', (e as Error).message.split('\n')[0].slice(0, 150)); throw e; } };
import { BrowserFleet } from './bench/soak/fleet.ts';
const fleet = await BrowserFleet.start(2, '/usr/lib/chromium/chromium-headless-shell');
const pool = new BrowserPool({ endpoints: fleet.endpoints, reconnectDelayMs: 250, maxReconnectDelayMs: 2000 });
const leases = []; for (let i = 0; i < 4; i++) leases.push(await pool.acquire());
const pages = await Promise.all(leases.map(l => l.context.newPage()));
let stop = false;
const loops = pages.map(async (p) => { while (!stop) { try { await p.evaluate(() => new Promise(r => setTimeout(r, 5))); } catch { return; } } });
await new Promise(r => setTimeout(r, 500));
fleet.kill(0);
await Promise.all(loops); stop = true;
for (let i = 0; i < 8; i++) {
  await new Promise(r => setTimeout(r, 500));
  console.log('t+', i, pool.status().map(s => [s.up, s.contexts, s.failures]), 'live', fleet.live());
  if (i === 2) { await fleet.restart(0); console.log('restarted'); }
}
for (let i = 0; i < 4; i++) { try { const l = await pool.acquire(); console.log('acquired on', l.endpoint === fleet.endpoints[0] ? 'restarted' : 'other'); } catch (e) { console.log('acquire err', (e as Error).message.slice(0, 200)); } }
await pool.close(); await fleet.close();
