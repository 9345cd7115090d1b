import { openSite } from '../tests/e2e/harness.ts';
const s = await openSite(process.env.SITE_ROOT ?? 'dist');
const p = await s.browser.newPage({ viewport: { width: 1280, height: 900 } });
p.on('console', (m) => console.log('console', m.type(), m.text().slice(0, 300)));
p.on('requestfailed', (r) => console.log('failed', r.url()));
const t0 = Date.now();
await p.goto(new URL('/labs/terminal/', s.baseUrl).href);
for (let i = 0; i < 20; i++) {
  await p.waitForTimeout(3000);
  const st = await p.evaluate(() => [document.querySelector('boreale-lab')?.getAttribute('data-state'), document.querySelector('.lab__status')?.textContent, (document.querySelector('.xterm-rows')?.textContent ?? '').slice(-200)]);
  console.log(Date.now() - t0, JSON.stringify(st));
  if (st[0] === 'ready' || st[0] === 'error') break;
}
await p.screenshot({ path: '/tmp/lab-run.png' });
await s.close();
