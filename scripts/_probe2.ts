import { openSite, newContext } from '../tests/e2e/harness.ts';
const s = await openSite();
const c = await newContext(s);
const p = await c.newPage();
p.on('console', (m) => console.log('console', m.type(), m.text().slice(0, 300)));
await p.goto(new URL('/labs/terminal/', s.baseUrl).href);
await p.locator('boreale-lab[data-state="ready"]').waitFor({ timeout: 90_000 });
for (let i = 0; i < 5; i++) {
  await p.waitForTimeout(2000);
  console.log(JSON.stringify(await p.locator('.xterm-rows').innerText()), JSON.stringify(await p.locator('.lab__screen').innerText()));
}
await p.screenshot({ path: '/tmp/lab-run.png' });
await s.close();
