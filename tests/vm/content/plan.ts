import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { loadLabs } from '../../../src/labs/loader.ts';
import { prepareLab } from '../../../src/machine/prepare.ts';
import { shellQuote } from '../../../src/text/shell-quote.ts';
import { toClientLab, type ClientLab } from '../../../src/labs/render.ts';
import { Guest } from '../guest.ts';

/**
 * The content must never drift from the image: every lab is played through
 * (checks fail before each solution and pass after it, the solution typed in
 * the terminal as a learner would), and every ```sh labo block of the
 * lessons runs in the guest as `eleve` and exits 0.
 *
 * The work comes in units: a lesson page with its lab (its `module.lab`),
 * or a lab that no page names. A unit starts on a new machine from the
 * image's clean state, prepared for its lab once: the page's blocks run on
 * it in the page's order, as a learner types them in the page's lab, then
 * the lab is played from the same prepared state. The units are dealt to
 * shards, one test file each, so that the machines of two shards run side
 * by side (v86 takes one core).
 */

/** A typed solution line may install packages: dpkg is slow in the emulator. */
const TYPE_TIMEOUT_MS = 300_000;

export interface Block {
	page: string;
	/** Position among all the blocks of content-fr, from 1. */
	index: number;
	code: string;
}

export interface Unit {
	/** content-fr/… of the page, or the lab's folder when no page names it. */
	name: string;
	/** The page's lab: its setup prepares the machine of the blocks. */
	lab?: ClientLab;
	/** Play the lab here (only on the first page that names it). */
	play: boolean;
	blocks: Block[];
}

/** ```sh labo blocks of content-fr and the lab of their page, page by page, in file order. */
export function contentUnits(): Unit[] {
	const labs = new Map(loadLabs().map(({ id, lab }) => [id, toClientLab(id, lab)]));
	const units: Unit[] = [];
	let index = 0;
	const walk = (dir: string) => {
		for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
			const path = join(dir, entry.name);
			if (entry.isDirectory()) walk(path);
			else if (/\.mdx?$/.test(entry.name) && !entry.name.startsWith('_')) {
				const text = readFileSync(path, 'utf8');
				const labId = /^\s+lab:\s*([a-z0-9-]+)\s*$/m.exec(text.split(/^---$/m)[1] ?? '')?.[1];
				const blocks = [...text.matchAll(/^```(?:sh|bash) labo\b[^\n]*\n([\s\S]*?)^```/gm)].map((m) => ({ page: path, index: ++index, code: m[1] }));
				if (labId && !labs.has(labId)) throw new Error(`${path} : module.lab : laboratoire « ${labId} » inconnu`);
				const play = labId !== undefined && !units.some((unit) => unit.lab?.id === labId);
				if (blocks.length > 0 || labId) units.push({ name: path, lab: labId ? labs.get(labId) : undefined, play, blocks });
			}
		}
	};
	walk('content-fr');
	const named = new Set(units.map((unit) => unit.lab?.id));
	for (const lab of labs.values()) if (!named.has(lab.id)) units.push({ name: `labs/${lab.id}`, lab, play: true, blocks: [] });
	return units;
}

/**
 * Units of shard `shard` (from 1) out of `shards`: dealt in turn, heaviest
 * first by a rough cost (typed lines and blocks; apt is far slower).
 */
export function shardOf(units: Unit[], shard: number, shards: number): Unit[] {
	const cost = (unit: Unit) => {
		const played = unit.play ? unit.lab : undefined;
		const lines = played?.steps.flatMap((step) => step.solutionCommands?.split('\n').filter((l) => l.trim()) ?? []) ?? [];
		return lines.length + unit.blocks.length + 20 * lines.filter((l) => /\bapt(-get)? +(install|update)\b/.test(l)).length;
	};
	const load = Array.from({ length: shards }, () => 0);
	const mine: Unit[] = [];
	for (const unit of [...units].sort((a, b) => cost(b) - cost(a) || a.name.localeCompare(b.name))) {
		const lightest = load.indexOf(Math.min(...load));
		load[lightest] += cost(unit);
		if (lightest === shard - 1) mine.push(unit);
	}
	return mine.sort((a, b) => a.name.localeCompare(b.name));
}

/** The image a unit is played on: its lab's, as on its page. */
const imageOf = (unit: Unit) => unit.lab?.image ?? 'debian';

/**
 * As the learner: uid, groups, home, login environment and locale of
 * `eleve`. setpriv rather than runuser: runuser's PAM session costs seconds
 * per call in the emulator, for nothing a block can see.
 */
function asLearner(code: string): string {
	return `cd /home/eleve && exec setpriv --reuid=eleve --regid=eleve --init-groups --reset-env env $(cat /etc/default/locale) MANWIDTH=80 bash -e -c ${shellQuote(code)}`;
}

/** Defines the tests of one shard, on one machine. */
export function contentTests(shard: number, shards: number): void {
	// Grouped by image: a shard boots each of its images once.
	const units = shardOf(contentUnits(), shard, shards).sort((a, b) => imageOf(a).localeCompare(imageOf(b)));
	/** The machine of the image being played (one at a time: v86 takes a core). */
	let guest: Guest | undefined;
	/** The unit whose machine is running and can go on (no block of it failed). */
	let running: string | undefined;
	/** Its lab's prepared machine, to start the lab from. */
	let prepared: { unit: string; state: ArrayBuffer } | undefined;

	afterAll(async () => guest?.close());

	/** A new machine for `unit`, of its image, prepared for its lab (done once per unit). */
	async function freshMachine(unit: Unit): Promise<Guest> {
		const image = imageOf(unit);
		if (guest?.image !== image) {
			await guest?.close();
			guest = undefined;
			prepared = undefined;
			guest = await Guest.boot(image);
		}
		if (prepared?.unit === unit.name) {
			await guest.restart(prepared.state);
			return guest;
		}
		prepared = undefined;
		await guest.restart();
		if (!unit.lab) return guest;
		await prepareLab(guest.machine, unit.lab);
		prepared = { unit: unit.name, state: await guest.vm.saveState() };
		return guest;
	}

	test(`shard ${shard}/${shards} has content to play`, () => {
		expect(units.length).toBeGreaterThan(0);
	});

	for (const unit of units) {
		describe(unit.name, () => {
			for (const block of unit.blocks) {
				test(`bloc « sh labo » #${block.index} runs as eleve and exits 0`, async () => {
					const played = running === unit.name && guest ? guest : await freshMachine(unit);
					running = undefined;
					const result = await played.machine.run(asLearner(block.code), 60);
					expect(result.ok, `code ${result.status} :\n${block.code}\n---\n${result.output}`).toBe(true);
					running = unit.name;
				});
			}
			const lab = unit.lab;
			if (!lab || !unit.play) return;
			test(`lab « ${lab.id} » : each step's checks fail before its solution and pass after it`, async () => {
				running = undefined;
				const played = await freshMachine(unit);
				for (const [index, step] of lab.steps.entries()) {
					const where = `${lab.id}, étape ${index + 1} « ${step.title} »`;
					let failing = false;
					for (const check of step.checks) {
						if (!(await played.machine.run(check.run, check.timeout)).ok) {
							failing = true;
							break;
						}
					}
					expect(failing, `${where} : déjà réussie avant la solution`).toBe(true);
					expect(step.solutionCommands, `${where} : pas de bloc sh dans la solution`).toBeTruthy();
					for (const line of step.solutionCommands!.split('\n').filter((l) => l.trim() && !l.trim().startsWith('#'))) {
						try {
							await played.vm.type(line, TYPE_TIMEOUT_MS);
						} catch (error) {
							// Say which line hung and what the terminal shows, not only that time ran out.
							const screen = played.vm.screenText.slice(-800);
							throw new Error(`${where} : « ${line} » sans invite en ${TYPE_TIMEOUT_MS / 1000} s ; fin de l’écran :\n${screen}`, { cause: error });
						}
					}
					for (const check of step.checks) {
						const result = await played.machine.run(check.run, check.timeout);
						// The screen shows what the solution printed, e.g. a refused connection.
						expect(result.ok, `${where} : « ${check.run} » échoue après la solution (code ${result.status}) ${result.output}\nfin de l’écran :\n${played.vm.screenText.slice(-800)}`).toBe(true);
					}
				}
			});
		});
	}
}
