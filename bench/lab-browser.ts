// Lab page in Debian's Chromium, site served from localhost (issue « Labs in
// the browser »), for each place v86 can run (the page's main thread, its
// own worker): time to the prompt on screen (cold cache, warm cache, resuming
// from kept files on the image's snapshot, resuming a saved machine), bytes the lab page receives, and how long the page's main
// thread is held while the learner works: at start, with the guest idle,
// while it runs a busy loop (typed into and scrolled meanwhile), and while
// the machine is saved.
//
//   npm run build && npm run bench:lab  → bench/results/lab-browser.{json,md}
//
// SITE_ROOT (default dist/) chooses the built site; BENCH_RUNS (3), BENCH_LAB
// (terminal) and BENCH_MODES (page,worker) narrow the run; BENCH_START_ONLY=1
// prints the start times and their stages only, and writes no result.
//
// Each phase is measured twice: by the page (Long Tasks API: wall-clock time,
// what the learner feels) and by a Chrome trace (the main thread's own CPU
// time per task). On a loaded machine the system leaves the browser's
// threads waiting, which stretches wall-clock tasks whatever the page does;
// CPU time shows what the page itself asks of its main thread. A trace
// slows every thread of the browser: start times are taken in a profile of
// their own, untraced (cold, warm, kept files, then the saved machine resumed).
import { readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import type { BrowserContext, Page, Request } from 'playwright-core';
import { THREAD_KEY, type MachineThread } from '../src/machine/browser/thread.ts';
import { newContext, openSite, type SiteSession } from '../tests/e2e/harness.ts';
import { labBrowserReport, type Blocking, type LabBrowserResult, type Run, type Stages } from './lab-browser-report.ts';

const LAB = process.env.BENCH_LAB ?? 'terminal';
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const MODES = (process.env.BENCH_MODES ?? 'page,worker').split(',') as MachineThread[];
/** `BENCH_START_ONLY=1`: start times and their stages only, printed, no result written (a quick look while working). */
const START_ONLY = process.env.BENCH_START_ONLY === '1';
const BUSY_SECONDS = 10;
const PROMPT = /eleve@labo:~\$/;

const max = (xs: number[]) => Math.max(0, ...xs);

/** What the terminal shows once the guest's prompt is drawn, then once the typed command has answered. */
const SCREEN = { prompt: PROMPT.source, answer: 'pret-42' };

/**
 * Installed before any page script: records long tasks, slow input events
 * and frame gaps with their time, so that each phase reads its own window,
 * and the moment each of `screen`'s texts first appears in the terminal's
 * rows (watched from inside the page: a poll from the bench would add its
 * own delay, up to half a second for Playwright's waits).
 */
function probes(screen: Record<string, string>): void {
	const record = { tasks: [] as number[][], events: [] as number[][], gaps: [] as number[][], seen: {} as Record<string, number> };
	(window as unknown as { __bench: typeof record }).__bench = record;
	const watched = Object.entries(screen).map(([name, source]) => [name, new RegExp(source)] as const);
	// The learner goes to the terminal while the machine starts: at 1280×720
	// it begins just below the fold, and xterm.js draws nothing off screen
	// (scrolling only once the lab is ready would add the bench's own delay).
	let scrolled = false;
	const watcher = new MutationObserver(() => {
		const screenBox = scrolled ? null : document.querySelector('.lab__screen .xterm');
		if (screenBox) {
			screenBox.scrollIntoView({ block: 'center' });
			scrolled = true;
		}
		const text = document.querySelector('.xterm-rows')?.textContent;
		if (!text) return;
		for (const [name, pattern] of watched) if (record.seen[name] === undefined && pattern.test(text)) record.seen[name] = performance.now();
		if (watched.every(([name]) => record.seen[name] !== undefined)) watcher.disconnect();
	});
	watcher.observe(document, { subtree: true, childList: true, characterData: true });
	try {
		new PerformanceObserver((list) => {
			for (const e of list.getEntries()) record.tasks.push([e.startTime, e.duration]);
		}).observe({ type: 'longtask', buffered: true });
		new PerformanceObserver((list) => {
			for (const e of list.getEntries()) record.events.push([e.startTime, e.duration]);
		}).observe({ type: 'event', buffered: true, durationThreshold: 16 } as PerformanceObserverInit);
	} catch {
		// an old browser: the bench then reports zeros, and says which Chromium ran
	}
	let last = 0;
	const frame = (t: number) => {
		if (last && t - last > 20) record.gaps.push([last, t - last]);
		last = t;
		requestAnimationFrame(frame);
	};
	requestAnimationFrame(frame);
}

interface TraceEvent {
	ph: string;
	name: string;
	pid: number;
	tid: number;
	dur?: number;
	tdur?: number;
	args?: { name?: string };
}

type TraceFigures = Pick<Blocking, 'longestTaskCpuMs' | 'longestTaskCpuWallMs' | 'tasksOver50msCpu' | 'mainThreadCpuMs'>;

/** The renderer's main thread in a Chrome trace: its tasks' CPU and wall-clock time. */
function mainThreadTasks(trace: Buffer): TraceFigures {
	const parsed = JSON.parse(trace.toString('utf8')) as { traceEvents?: TraceEvent[] } | TraceEvent[];
	const events = Array.isArray(parsed) ? parsed : (parsed.traceEvents ?? []);
	const mains = new Set(events.filter((e) => e.ph === 'M' && e.name === 'thread_name' && e.args?.name === 'CrRendererMain').map((e) => `${e.pid}:${e.tid}`));
	// Top-level tasks only (RunTask nests in ThreadControllerImpl::RunTask).
	const tasks = new Map<string, TraceEvent[]>();
	for (const e of events) {
		if (e.ph !== 'X' || e.name !== 'ThreadControllerImpl::RunTask' || !mains.has(`${e.pid}:${e.tid}`)) continue;
		const key = `${e.pid}:${e.tid}`;
		(tasks.get(key) ?? tasks.set(key, []).get(key)!).push(e);
	}
	// One page is open at a time; a renderer left by another page would be idle.
	const cpu = (list: TraceEvent[]) => list.reduce((sum, e) => sum + (e.tdur ?? 0), 0);
	const main = [...tasks.values()].sort((a, b) => cpu(b) - cpu(a))[0] ?? [];
	const longest = main.reduce<TraceEvent | undefined>((best, e) => ((e.tdur ?? 0) > (best?.tdur ?? -1) ? e : best), undefined);
	return {
		longestTaskCpuMs: Math.round((longest?.tdur ?? 0) / 1000),
		longestTaskCpuWallMs: Math.round((longest?.dur ?? 0) / 1000),
		tasksOver50msCpu: main.filter((e) => (e.tdur ?? 0) > 50_000).length,
		mainThreadCpuMs: Math.round(cpu(main) / 1000),
	};
}

const NO_TRACE: TraceFigures = { longestTaskCpuMs: 0, longestTaskCpuWallMs: 0, tasksOver50msCpu: 0, mainThreadCpuMs: 0 };

/** Runs `action` under a Chrome trace (category `toplevel`: tasks with their CPU time). */
async function traced<T>(site: SiteSession, action: () => Promise<T>): Promise<{ value: T; trace: TraceFigures }> {
	await site.browser.startTracing(undefined, { categories: ['toplevel'] });
	let value: T;
	try {
		value = await action();
	} catch (error) {
		await site.browser.stopTracing().catch(() => {});
		throw error;
	}
	return { value, trace: mainThreadTasks(await site.browser.stopTracing()) };
}

const now = (page: Page) => page.evaluate(() => performance.now());

/** Long tasks, slow events and frame gaps the page recorded between `from` and `to`. */
async function blocking(page: Page, from: number, to: number, trace: TraceFigures): Promise<Blocking> {
	const r = await page.evaluate(() => (window as unknown as { __bench: { tasks: number[][]; events: number[][]; gaps: number[][] } }).__bench);
	const within = (xs: number[][]) => xs.filter(([t]) => t >= from && t <= to).map(([, d]) => d);
	const tasks = within(r.tasks);
	return {
		durationMs: Math.round(to - from),
		longestTaskMs: Math.round(max(tasks)),
		tasksOver50ms: tasks.filter((d) => d > 50).length,
		longestEventMs: Math.round(max(within(r.events))),
		longestFrameGapMs: Math.round(max(within(r.gaps))),
		...trace,
	};
}

/** Measures one phase of an open page: page probes and trace over the same span. */
async function phase(site: SiteSession, page: Page, action: () => Promise<void>): Promise<Blocking> {
	const from = await now(page);
	const { trace } = await traced(site, action);
	return blocking(page, from, await now(page), trace);
}

async function screenText(page: Page): Promise<string> {
	// xterm.js does not render off screen.
	await page.locator('.lab__screen').scrollIntoViewIfNeeded();
	return page.evaluate(() => document.querySelector('.xterm-rows')?.textContent ?? '');
}

/** Waits, polling every 10 ms in the page, for `pattern` in the terminal's rows (brought on screen: xterm.js does not render off screen). */
async function waitForScreen(page: Page, pattern: RegExp, timeoutMs = 60_000): Promise<void> {
	await page.locator('.lab__screen').scrollIntoViewIfNeeded();
	try {
		await page.waitForFunction(
			(source) => new RegExp(source).test(document.querySelector('.xterm-rows')?.textContent ?? ''),
			pattern.source,
			{ polling: 10, timeout: timeoutMs },
		);
	} catch {
		throw new Error(`délai dépassé : ${pattern} n’apparaît pas dans le terminal ; écran : ${(await screenText(page)).slice(-300)}`);
	}
}

async function typeLine(page: Page, line: string): Promise<void> {
	await page.locator('.lab__screen').click();
	await page.keyboard.type(line);
	await page.keyboard.press('Enter');
}

/**
 * Navigation → lab ready, prompt visible, a typed command answered, with
 * what held the main thread meanwhile (`trace`; otherwise untraced: a trace
 * slows every thread of the browser, so the times are taken without one).
 * Leaves the page open.
 */
async function timeToPrompt(
	site: SiteSession,
	context: BrowserContext,
	url: string,
	mode: MachineThread,
	trace = true,
): Promise<{ page: Page; ms: number; start: Blocking; stages: Stages }> {
	const page = await context.newPage();
	const stages: Stages = {};
	const seen = async (name: keyof typeof SCREEN) =>
		Math.round(await page.evaluate((key) => (window as unknown as { __bench: { seen: Record<string, number> } }).__bench.seen[key], name));
	// In the page's clock, from the start of the navigation: when the learner sees the prompt.
	const open = async () => {
		await page.goto(url);
		await page.locator('boreale-lab[data-state="ready"]').waitFor({ timeout: 120_000 });
		await waitForScreen(page, PROMPT);
		stages['invite affichée'] = await seen('prompt');
		await typeLine(page, `echo ${SCREEN.answer.replace('42', '$((40+2))')}`);
		await waitForScreen(page, new RegExp(SCREEN.answer));
		stages['commande tapée, réponse affichée'] = await seen('answer');
		return stages['invite affichée'];
	};
	const { value: ms, trace: figures } = trace ? await traced(site, open) : { value: await open(), trace: NO_TRACE };
	Object.assign(stages, await startMarks(page));
	const start = await blocking(page, 0, await now(page), figures);
	// The figures must belong to the mode they are reported under.
	const inWorker = page.workers().some((w) => w.url().includes('v86-worker'));
	if (inWorker !== (mode === 'worker')) throw new Error(`mode « ${mode} » demandé, mais v86 ${inWorker ? 'tourne dans un worker' : 'tourne dans la page'}`);
	return { page, ms, start, stages };
}

/** The `labo:…` marks of the page and of its machine's worker, in ms since the navigation began. */
async function startMarks(page: Page): Promise<Stages> {
	const read = () => {
		const marks: Record<string, number> = { 'page : DOMContentLoaded': 0 };
		const navigation = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming | undefined;
		if (navigation) {
			// workerStart: 0 when no service worker handled the navigation.
			if (navigation.workerStart > 0) marks['page : service worker prêt'] = navigation.workerStart;
			marks['page : premier octet de la page'] = navigation.responseStart;
			marks['page : page reçue'] = navigation.responseEnd;
			marks['page : DOMContentLoaded'] = navigation.domContentLoadedEventEnd;
		}
		for (const mark of performance.getEntriesByType('mark')) if (mark.name.startsWith('labo:')) marks[mark.name] = performance.timeOrigin + mark.startTime;
		return { origin: performance.timeOrigin, marks };
	};
	const { origin, marks } = await page.evaluate(read);
	const stages: Stages = {};
	for (const [name, at] of Object.entries(marks)) if (name.startsWith('page : ')) stages[name] = Math.round(at);
	const add = (from: Record<string, number>) => {
		for (const [name, at] of Object.entries(from)) if (name.startsWith('labo:')) stages[name] = Math.round(at - origin);
	};
	add(marks);
	for (const worker of page.workers()) if (worker.url().includes('v86-worker')) add((await worker.evaluate(read)).marks);
	return stages;
}

/**
 * Forgets the files the last page kept (src/machine/journal/): « warm »
 * measures a start from the image with the lab's preparation, as a first
 * visit with a filled HTTP cache, not a resume from kept files.
 */
async function forgetKeptFiles(context: BrowserContext, url: string): Promise<void> {
	const page = await context.newPage();
	await page.goto(new URL('../../a-propos/', url).href);
	await page.evaluate(
		() =>
			new Promise<void>((resolve, reject) => {
				const open = indexedDB.open('alliance-boreale');
				open.onsuccess = () => {
					const db = open.result;
					if (!db.objectStoreNames.contains('fichiers')) return (db.close(), resolve());
					const tx = db.transaction('fichiers', 'readwrite');
					tx.objectStore('fichiers').clear();
					tx.oncomplete = () => (db.close(), resolve());
					tx.onerror = () => reject(tx.error);
				};
				open.onerror = () => reject(open.error);
			}),
	);
	await page.close();
}

/** Cold, warm and resumed start times, untraced, in a profile of their own. */
async function startTimes(site: SiteSession, url: string, mode: MachineThread) {
	const context = await newContext(site);
	await context.addInitScript(probes, SCREEN);
	if (mode === 'page') await context.addInitScript((key) => localStorage.setItem(key, 'page'), THREAD_KEY);
	const cold = await timeToPrompt(site, context, url, mode, false);
	await cold.page.close();
	await forgetKeptFiles(context, url);
	const warm = await timeToPrompt(site, context, url, mode, false);
	// A file written, then the tab closed before any whole-machine save: the image's snapshot and the kept files.
	await typeLine(warm.page, 'echo garde > ~/garde.txt && echo "ecrit-$((2+3))"');
	await waitForScreen(warm.page, /ecrit-5/);
	await warm.page.close();
	const files = await timeToPrompt(site, context, url, mode, false);
	if (!(await files.page.locator('.lab__status').innerText()).includes('Tes fichiers sont revenus')) throw new Error('reprise par les fichiers gardés attendue');
	await files.page.locator('.lab__button--save').click();
	await files.page.locator('.lab__status', { hasText: 'Machine enregistrée' }).waitFor({ timeout: 120_000 });
	await files.page.close();
	const resume = await timeToPrompt(site, context, url, mode, false);
	await context.close();
	return { cold, warm, files, resume };
}

async function oneRun(site: SiteSession, url: string, mode: MachineThread): Promise<Run> {
	const times = await startTimes(site, url, mode);
	// A new profile: empty HTTP cache, no saved machine.
	const context = await newContext(site);
	await context.addInitScript(probes, SCREEN);
	if (mode === 'page') await context.addInitScript((key) => localStorage.setItem(key, 'page'), THREAD_KEY);
	// Only the cold page is open while counting: what is not the service
	// worker's is that page's (its own worker's requests included).
	let labPageBytes = 0;
	let allBytes = 0;
	let counting = true;
	context.on('requestfinished', async (request: Request) => {
		if (!counting) return;
		const fromServiceWorker = request.serviceWorker() !== null;
		const sizes = await request.sizes().catch(() => undefined);
		const bytes = sizes ? sizes.responseBodySize + sizes.responseHeadersSize : 0;
		allBytes += bytes;
		if (!fromServiceWorker) labPageBytes += bytes;
	});
	const cold = await timeToPrompt(site, context, url, mode);
	await cold.page.waitForTimeout(1000); // late responses
	counting = false;
	await cold.page.close();
	await forgetKeptFiles(context, url);

	// Warm: same profile, HTTP cache filled, still no saved machine.
	const warm = await timeToPrompt(site, context, url, mode);
	const page = warm.page;

	// Control: the guest idle at its prompt.
	const idle = await phase(site, page, () => page.waitForTimeout(5000));

	// The guest computes; the learner types ahead and scrolls the instructions meanwhile.
	const busy = await phase(site, page, async () => {
		await typeLine(page, `timeout ${BUSY_SECONDS} sh -c "while :; do :; done"; echo boucle-finie`);
		await page.waitForTimeout(1500);
		await page.keyboard.type('#frappe-pendant-la-boucle', { delay: 120 });
		const steps = await page.locator('.lab__steps').boundingBox();
		if (steps) await page.mouse.move(steps.x + steps.width / 2, steps.y + Math.min(steps.height / 2, 200));
		for (let i = 0; i < 8; i++) {
			await page.mouse.wheel(0, i % 2 ? -300 : 300);
			await page.waitForTimeout(200);
		}
		await waitForScreen(page, /boucle-finie/, (BUSY_SECONDS + 60) * 1000);
	});
	await page.keyboard.press('Enter'); // the comment typed ahead

	// « Enregistrer »: the whole machine into IndexedDB.
	const save = await phase(site, page, async () => {
		await page.locator('.lab__button--save').click();
		await page.locator('.lab__status', { hasText: 'Machine enregistrée' }).waitFor({ timeout: 120_000 });
	});
	await page.close();

	// A returning learner: the saved machine is restored.
	const resume = await timeToPrompt(site, context, url, mode);
	await context.close();
	return {
		coldMs: times.cold.ms,
		warmMs: times.warm.ms,
		resumeMs: times.resume.ms,
		filesMs: times.files.ms,
		labPageBytes,
		allBytes,
		start: { cold: cold.start, warm: warm.start, resume: resume.start },
		stages: { cold: times.cold.stages, warm: times.warm.stages, resume: times.resume.stages, files: times.files.stages },
		idle,
		busy,
		save,
	};
}

const load = [loadavg()[0]];
const site = await openSite();
const url = new URL(`labs/${LAB}/`, site.baseUrl).href;
const chromium = site.browser.version();
const runs: Partial<Record<MachineThread, Run[]>> = {};
if (START_ONLY) {
	try {
		for (let i = 0; i < RUNS; i++) {
			for (const mode of MODES) {
				const times = await startTimes(site, url, mode);
				for (const kind of ['cold', 'warm', 'files', 'resume'] as const) {
					const stages = Object.entries(times[kind].stages).sort((a, b) => a[1] - b[1]);
					console.log(`${mode} #${i + 1} ${kind} ${times[kind].ms} ms : ${stages.map(([name, at]) => `${name.replace('labo:', '')} ${at}`).join(' · ')}`);
				}
			}
		}
	} finally {
		await site.close();
	}
	process.exit(0);
}
try {
	for (let i = 0; i < RUNS; i++) {
		// Modes alternate, so that a burst of load on the machine hits both alike.
		for (const mode of MODES) {
			const run = await oneRun(site, url, mode);
			(runs[mode] ??= []).push(run);
			load.push(loadavg()[0]);
			console.log(
				`${mode} #${i + 1} : froid ${run.coldMs} ms, chaud ${run.warmMs} ms, fichiers gardés ${run.filesMs} ms, reprise ${run.resumeMs} ms ; boucle : tâche max ${run.busy.longestTaskMs} ms (processeur ${run.busy.longestTaskCpuMs} ms) ; charge ${loadavg()[0].toFixed(1)}`,
			);
		}
	}
} finally {
	await site.close();
}

const result: LabBrowserResult = {
	date: new Date().toISOString(),
	lab: LAB,
	runs: RUNS,
	busySeconds: BUSY_SECONDS,
	chromium,
	cpus: cpus().length,
	loadAverage1min: { min: Math.min(...load), max: Math.max(...load) },
	targets: { coldMs: 3000, warmMs: 1000, longestTaskMs: 50 },
	modes: runs,
};
writeFileSync('bench/results/lab-browser.json', `${JSON.stringify(result, null, 2)}\n`);

writeFileSync('bench/results/lab-browser.md', labBrowserReport(result));
console.log(readFileSync('bench/results/lab-browser.md', 'utf8'));
