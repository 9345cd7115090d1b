// Lab page in Debian's Chromium, site served from localhost (issue « Labs in
// the browser »): time to a usable prompt, cold and warm; bytes transferred
// cold; longest main-thread task while the guest runs a busy loop.
// Run: npm run bench:lab  → bench/results/lab-browser.{json,md}
import { writeFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { newContext, openSite } from '../tests/e2e/harness.ts';

const LAB = process.env.BENCH_LAB ?? 'terminal';
const RUNS = Number(process.env.BENCH_RUNS ?? 3);

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** Navigation start → prompt visible and a typed command answered. */
async function timeToPrompt(page: Page, url: string): Promise<number> {
	const started = Date.now();
	await page.goto(url);
	await page.locator('boreale-lab[data-state="ready"]').waitFor({ timeout: 120_000 });
	await page.waitForFunction(() => /eleve@labo:~\$/.test(document.querySelector('.xterm-rows')?.textContent ?? ''), null, { timeout: 60_000 });
	await page.locator('.lab__screen').click();
	await page.keyboard.type('echo pret-$((40+2))');
	await page.keyboard.press('Enter');
	await page.waitForFunction(() => /pret-42/.test(document.querySelector('.xterm-rows')?.textContent ?? ''), null, { timeout: 60_000 });
	return Date.now() - started;
}

const site = await openSite();
const url = new URL(`labs/${LAB}/`, site.baseUrl).href;
const cold: number[] = [];
const warm: number[] = [];
let coldBytes = 0;
let longestTask = 0;
let tasksOver50 = 0;

for (let run = 0; run < RUNS; run++) {
	// Cold: a new profile (empty HTTP cache, no saved machine).
	const context = await newContext(site);
	const page = await context.newPage();
	let bytes = 0;
	page.on('response', async (response) => {
		const size = Number((await response.allHeaders())['content-length'] ?? 0);
		bytes += size;
	});
	cold.push(await timeToPrompt(page, url));
	coldBytes = Math.max(coldBytes, bytes);

	// Warm: same profile, HTTP cache filled; a fresh page in the same context.
	const again = await context.newPage();
	warm.push(await timeToPrompt(again, url));

	if (run === 0) {
		// Main-thread blocking while the guest computes (a 10 s busy loop).
		await again.evaluate(() => {
			(window as unknown as { __longest: number[] }).__longest = [];
			new PerformanceObserver((list) => {
				for (const entry of list.getEntries()) (window as unknown as { __longest: number[] }).__longest.push(entry.duration);
			}).observe({ type: 'longtask', buffered: false });
		});
		await again.keyboard.type('timeout 10 sh -c "while :; do :; done"; echo boucle-finie');
		await again.keyboard.press('Enter');
		await again.waitForFunction(() => /boucle-finie/.test(document.querySelector('.xterm-rows')?.textContent ?? ''), null, { timeout: 60_000 });
		const tasks = await again.evaluate(() => (window as unknown as { __longest: number[] }).__longest);
		longestTask = Math.max(0, ...tasks);
		tasksOver50 = tasks.filter((d) => d > 50).length;
	}
	await context.close();
}
await site.close();

const result = {
	date: new Date().toISOString(),
	lab: LAB,
	runs: RUNS,
	coldToPromptMs: { median: median(cold), all: cold },
	warmToPromptMs: { median: median(warm), all: warm },
	coldBytes,
	busyLoop: { longestTaskMs: Math.round(longestTask), tasksOver50ms: tasksOver50 },
	targets: { coldMs: 3000, warmMs: 1000, longestTaskMs: 50 },
};
writeFileSync('bench/results/lab-browser.json', `${JSON.stringify(result, null, 2)}\n`);
const md = `# Laboratoire dans Chromium (${result.date.slice(0, 10)})

Laboratoire « ${LAB} », ${RUNS} essais, site servi en local, Chromium de Debian sans interface.

| mesure | médiane | essais | cible |
| --- | --- | --- | --- |
| navigation → invite utilisable, cache froid | ${median(cold)} ms | ${cold.join(', ')} | ≤ 3000 ms |
| navigation → invite utilisable, cache chaud | ${median(warm)} ms | ${warm.join(', ')} | ≤ 1000 ms |
| octets transférés, cache froid | ${(coldBytes / 1e6).toFixed(1)} Mo | | |
| plus longue tâche du fil principal pendant une boucle active de 10 s | ${Math.round(longestTask)} ms (${tasksOver50} tâche(s) > 50 ms) | | ≤ 50 ms |
`;
writeFileSync('bench/results/lab-browser.md', md);
console.log(md);
