import { chromium } from 'playwright-core';
import { DEFAULT_CHROMIUM_ARGS } from './src/env/index.ts';
const s = await chromium.launchServer({ executablePath: '/usr/lib/chromium/chromium-headless-shell', args: [...DEFAULT_CHROMIUM_ARGS, '--remote-debugging-port=39221'], host: '127.0.0.1', port: 39222, wsPath: '/soak-a' });
const b = await chromium.connect(s.wsEndpoint());
for (let i = 0; i < 3; i++) { const c = await b.newContext(); await c.newPage(); }
const c4 = await b.newContext();
const cdp = await chromium.connectOverCDP('http://127.0.0.1:39221');
console.log('contexts via cdp', cdp.contexts().length, cdp.contexts().map(x=>x.pages().length));
const session = await cdp.newBrowserCDPSession();
console.log(await session.send('Target.getBrowserContexts'));
await cdp.close();
await b.close();
const cdp2 = await chromium.connectOverCDP('http://127.0.0.1:39221');
const s2 = await cdp2.newBrowserCDPSession();
console.log('after close', await s2.send('Target.getBrowserContexts'), cdp2.contexts().length);
await cdp2.close();
await s.close();
