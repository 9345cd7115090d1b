import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { loadLabs } from '../../src/labs/loader.ts';
import { prepareLab, shellQuote } from '../../src/labs/prepare.ts';
import { toClientLab, type ClientLab } from '../../src/labs/render.ts';
import { Guest } from './guest.ts';

/**
 * The content must never drift from the image: every lab is played through
 * (checks fail before each solution and pass after it, typed in the
 * terminal as a learner would), and every ```sh labo block of the lessons
 * runs in the guest as `eleve` and exits 0.
 *
 * Each lab, and each page's series of blocks, starts on a new machine from
 * the image's clean state (kept raw: about a second on an idle machine). The
 * blocks of a page run in its order on one machine, as the learner types
 * them in the page's lab.
 */

let guest: Guest;
/** Page whose blocks the machine is running (see below). */
let machineFor: string | undefined;

beforeAll(async () => {
	guest = await Guest.boot();
});
afterAll(async () => guest?.close());

const labs = loadLabs().map(({ id, lab }) => toClientLab(id, lab));

/** A typed solution line may install packages: dpkg is slow in the emulator. */
const TYPE_TIMEOUT_MS = 300_000;

describe.each(labs.map((lab) => [lab.id, lab] as const))('lab « %s »', (_id, lab) => {
	test('each step: checks fail before its solution and pass after it', async () => {
		machineFor = undefined;
		await guest.restart();
		const { vm, machine } = guest;
		await prepareLab(machine, lab);
		for (const [index, step] of lab.steps.entries()) {
			const where = `${lab.id}, étape ${index + 1} « ${step.title} »`;
			const before = [];
			for (const check of step.checks) before.push(await machine.run(check.run, check.timeout));
			expect(before.some((r) => !r.ok), `${where} : déjà réussie avant la solution`).toBe(true);
			expect(step.solutionCommands, `${where} : pas de bloc sh dans la solution`).toBeTruthy();
			for (const line of step.solutionCommands!.split('\n').filter((l) => l.trim() && !l.trim().startsWith('#'))) {
				await vm.type(line, TYPE_TIMEOUT_MS);
			}
			for (const check of step.checks) {
				const result = await machine.run(check.run, check.timeout);
				expect(result.ok, `${where} : « ${check.run} » échoue après la solution (code ${result.status}) ${result.output}`).toBe(true);
			}
		}
	});
});

interface Block {
	page: string;
	lab?: string;
	code: string;
}

/** ```sh labo blocks of content-fr, with the page's lab (for its setup). */
function runnableBlocks(): Block[] {
	const blocks: Block[] = [];
	const walk = (dir: string) => {
		for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
			const path = join(dir, entry.name);
			if (entry.isDirectory()) walk(path);
			else if (/\.mdx?$/.test(entry.name) && !entry.name.startsWith('_')) {
				const text = readFileSync(path, 'utf8');
				const lab = /^\s+lab:\s*([a-z0-9-]+)\s*$/m.exec(text.split(/^---$/m)[1] ?? '')?.[1];
				for (const match of text.matchAll(/^```(?:sh|bash) labo\b[^\n]*\n([\s\S]*?)^```/gm)) blocks.push({ page: path, lab, code: match[1] });
			}
		}
	};
	walk('content-fr');
	return blocks;
}

const blocks = runnableBlocks();
const labsById = new Map(labs.map((lab) => [lab.id, lab]));

test('lessons have runnable blocks to check', () => {
	expect(blocks.length).toBeGreaterThan(0);
	for (const block of blocks) expect(block.lab === undefined || labsById.has(block.lab), `${block.page} : laboratoire « ${block.lab} » inconnu`).toBe(true);
});

/**
 * A page's blocks run in its order on one machine, as a learner reading it
 * would type them; a new page (or a failed block) starts again from a fresh
 * machine prepared for the page's lab.
 */
async function freshMachine(lab: ClientLab | undefined): Promise<void> {
	await guest.restart();
	if (lab) await prepareLab(guest.machine, lab);
}
/**
 * As the learner: uid, groups, home, login environment and locale of
 * `eleve`. setpriv rather than runuser: runuser's PAM session costs seconds
 * per call in the emulator, for nothing a block can see.
 */
function asLearner(code: string): string {
	return `cd /home/eleve && exec setpriv --reuid=eleve --regid=eleve --init-groups --reset-env env $(cat /etc/default/locale) MANWIDTH=80 bash -e -c ${shellQuote(code)}`;
}

describe.each(blocks.map((block, i) => [`${block.page} #${i + 1}`, block] as const))('bloc « sh labo » de %s', (_name, block) => {
	test('runs as eleve and exits 0', async () => {
		if (machineFor !== block.page) await freshMachine(block.lab ? labsById.get(block.lab) : undefined);
		machineFor = undefined;
		const result = await guest.machine.run(asLearner(block.code), 60);
		if (result.ok) machineFor = block.page;
		expect(result.ok, `code ${result.status} :\n${block.code}\n---\n${result.output}`).toBe(true);
	});
});
