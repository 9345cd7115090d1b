import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { loadLabs } from '../../src/labs/loader.ts';
import { prepareLab, shellQuote } from '../../src/labs/prepare.ts';
import { toClientLab } from '../../src/labs/render.ts';
import type { LabVm } from '../../src/vm/index.ts';
import type { LabMachine } from '../../src/labs/runtime.ts';
import { bootGuest, restoreClean } from './guest.ts';

/**
 * The content must never drift from the image: every lab is played through
 * (checks fail before each solution and pass after it, typed in the
 * terminal as a learner would), and every ```sh labo block of the lessons
 * runs in the guest as `eleve` and exits 0.
 */

let vm: LabVm;
let clean: ArrayBuffer;
let machine: LabMachine;

beforeAll(async () => {
	({ vm, clean, machine } = await bootGuest());
});
afterAll(async () => vm?.destroy());

const labs = loadLabs().map(({ id, lab }) => toClientLab(id, lab));

describe.each(labs.map((lab) => [lab.id, lab] as const))('lab « %s »', (_id, lab) => {
	test('each step: checks fail before its solution and pass after it', { timeout: 600_000 }, async () => {
		await restoreClean(vm, clean);
		await prepareLab(machine, lab);
		for (const [index, step] of lab.steps.entries()) {
			const where = `${lab.id}, étape ${index + 1} « ${step.title} »`;
			const before = await Promise.all(step.checks.map((check) => machine.run(check.run, check.timeout)));
			expect(before.some((r) => !r.ok), `${where} : déjà réussie avant la solution`).toBe(true);
			expect(step.solutionCommands, `${where} : pas de bloc sh dans la solution`).toBeTruthy();
			for (const line of step.solutionCommands!.split('\n').filter((l) => l.trim() && !l.trim().startsWith('#'))) {
				await vm.type(line, 60_000);
			}
			for (const check of step.checks) {
				const result = await machine.run(check.run, check.timeout);
				expect(result.ok, `${where} : « ${check.run} » échoue après la solution (code ${result.status}) ${result.output}`).toBe(true);
			}
		}
	});
});

/** ```sh labo blocks of content-fr, with the page's lab (for its setup). */
function runnableBlocks(): Array<{ page: string; lab?: string; code: string }> {
	const blocks: Array<{ page: string; lab?: string; code: string }> = [];
	const walk = (dir: string) => {
		for (const entry of readdirSync(dir, { withFileTypes: true })) {
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
});

describe.each(blocks.map((block, i) => [`${block.page} #${i + 1}`, block] as const))('bloc « sh labo » de %s', (_name, block) => {
	test('runs as eleve and exits 0', { timeout: 120_000 }, async () => {
		await restoreClean(vm, clean);
		const lab = block.lab ? labsById.get(block.lab) : undefined;
		if (lab) await prepareLab(machine, lab);
		const result = await machine.run(`cd /home/eleve && runuser -u eleve -- env HOME=/home/eleve bash -e -c ${shellQuote(block.code)}`, 60);
		expect(result.ok, `code ${result.status} :\n${block.code}\n---\n${result.output}`).toBe(true);
	});
});
