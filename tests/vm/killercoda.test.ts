/**
 * Imported Killercoda scenarios work in the real guest. The importer's
 * command (`npm run labs:import`) writes each lab from its fixture; the lab is
 * prepared as a lab page does (assets, then the start scripts, as root); each
 * step's verify.sh, now a check, fails first, then passes once the commands
 * the step offers (its `{{exec}}` blocks, several lines sent at once as the
 * page sends them) are typed in the terminal as the learner `eleve`.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { loadLabs } from '../../src/labs/loader.ts';
import { prepareLab } from '../../src/machine/prepare.ts';
import { toClientLab, type ClientLab } from '../../src/labs/render.ts';
import type { LabMachine } from '../../src/machine/machine.ts';
import type { LabVm } from '../../src/machine/index.ts';
import { bootGuest, type Guest } from './guest.ts';

const FIXTURES = 'tests/fixtures/killercoda';
const IDS = ['creer-un-fichier', 'archiver-des-rapports'];

/** The commands a step's text offers to send to the terminal (`data-cmd`, from `{{exec}}`). */
function offeredCommands(html: string): string[] {
	const entities: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
	return [...html.matchAll(/data-cmd="([^"]*)"/g)].map((m) =>
		m[1].replace(/&(#x[0-9a-f]+|#[0-9]+|[a-z]+);/gi, (all, e: string) =>
			e.startsWith('#x') ? String.fromCodePoint(parseInt(e.slice(2), 16)) : e.startsWith('#') ? String.fromCodePoint(Number(e.slice(1))) : (entities[e] ?? all),
		),
	);
}

/**
 * Sends a command as the lab page does (`LabTerminal.type`: the text, then
 * Enter; the lines of a block go together) and resolves with the exit code
 * of its last line, once every line has run.
 */
async function sendToTerminal(vm: LabVm, command: string, timeoutMs = 60_000): Promise<{ status: number; output: string }> {
	vm.clearScreenText();
	vm.write(`${command}\r`);
	vm.write('echo "fin=$?"\r');
	// Up to the prompt after the status, so that the next command starts clean.
	const done = /fin=(\d+)[^\n]*\n[\s\S]*@[^\n]*[$#] $/;
	const output = await vm.waitForText(done, timeoutMs).catch((error: Error) => {
		throw new Error(`${error.message}\nÉcran :\n${JSON.stringify(vm.screenText.slice(-600))}`);
	});
	return { status: Number(done.exec(output)![1]), output };
}

/** `vm.type`, with the time the other waits here allow, and the screen said when it runs out (a CI once ran out at 20 s). */
async function typeShowingScreen(command: string): Promise<string> {
	return vm.type(command, 60_000).catch((error: Error) => {
		throw new Error(`${error.message}\nÉcran :\n${JSON.stringify(vm.screenText.slice(-600))}`);
	});
}

/** Each step: its verify.sh fails, the step’s commands are typed, then it passes. */
async function playSteps(lab: ClientLab): Promise<void> {
	for (const [index, step] of lab.steps.entries()) {
		const where = `${lab.id}, étape ${index + 1} « ${step.title} »`;
		expect(step.checks.length, where).toBe(1);
		const check = step.checks[0];
		const before = await machine.run(check.run, check.timeout);
		expect(before.ok, `${where} : verify.sh réussit avant que l’élève agisse`).toBe(false);
		expect(before.timedOut, `${where} : verify.sh a dépassé son délai`).toBe(false);

		const commands = offeredCommands(step.html);
		expect(commands.length, `${where} : aucune commande à envoyer au terminal`).toBeGreaterThan(0);
		for (const command of commands) {
			const { status, output } = await sendToTerminal(vm, command);
			expect(status, `${where} : « ${command} » a échoué dans le terminal :\n${output}`).toBe(0);
		}

		const after = await machine.run(check.run, check.timeout);
		expect(after.ok, `${where} : verify.sh échoue après les commandes (code ${after.status}) ${after.output}`).toBe(true);
	}
}

let labsRoot: string;
const labs: Record<string, ClientLab> = {};
let guest: Guest;
let vm: LabVm;
let machine: LabMachine;

beforeAll(async () => {
	labsRoot = mkdtempSync(join(tmpdir(), 'labs-killercoda-'));
	for (const id of IDS) {
		execFileSync(process.execPath, ['scripts/import-killercoda.ts', join(FIXTURES, id), id, '--labs', labsRoot], { encoding: 'utf8', stdio: 'pipe' });
	}
	const loaded = loadLabs(labsRoot);
	expect(loaded.map((l) => l.id).sort()).toEqual([...IDS].sort());
	for (const { id, lab } of loaded) labs[id] = toClientLab(id, lab, labsRoot);
	guest = await bootGuest();
	({ vm, machine } = guest);
});

afterAll(async () => {
	await guest?.close();
	if (labsRoot) rmSync(labsRoot, { recursive: true, force: true });
});

describe('scénario Killercoda importé, dans la machine Debian', () => {
	test('the lab is prepared as a lab page does it: files in place, home owned by the learner', { timeout: 300_000 }, async () => {
		const lab = labs['creer-un-fichier'];
		expect(lab.setup, 'le scénario a des scripts de départ').toBeTruthy();
		expect(lab.assets.length).toBe(2);
		await prepareLab(machine, lab);
		const owners = await machine.run('stat -c "%n %U:%G %a" /home/eleve/consigne.txt /usr/local/bin/bilan /home/eleve/brouillons/idees.txt', 10);
		expect(owners.output.split('\n')).toEqual([
			'/home/eleve/consigne.txt eleve:eleve 644',
			'/usr/local/bin/bilan root:root 755',
			'/home/eleve/brouillons/idees.txt eleve:eleve 644',
		]);
		expect((await machine.run('cat /tmp/scenario-pret', 10)).output).toBe('prêt');
	});

	test('each step: its verify.sh fails, then passes once the step’s commands are typed', { timeout: 600_000 }, async () => {
		const lab = labs['creer-un-fichier'];
		expect(lab.steps.length).toBe(2);
		await playSteps(lab);
		// The last command of step 2 is the scenario's own tool, shipped as an asset.
		expect(await vm.type('bilan', 20_000)).toMatch(/notes\.txt/);
	});
});

describe('scénario Killercoda aux blocs de plusieurs lignes et aux fichiers « * », dans la machine Debian', () => {
	test('every file of assets/ is in place, the pattern’s file executable by root', { timeout: 300_000 }, async () => {
		const lab = labs['archiver-des-rapports'];
		await prepareLab(machine, lab);
		const files = await machine.run('stat -c "%n %U:%G %a" /home/eleve/travail /home/eleve/travail/rapports/janvier.txt /home/eleve/travail/rapports/fevrier.txt /home/eleve/travail/outils/compter.sh /usr/local/bin/compter.sh', 10);
		expect(files.output.split('\n')).toEqual([
			'/home/eleve/travail eleve:eleve 755',
			'/home/eleve/travail/rapports/janvier.txt eleve:eleve 644',
			'/home/eleve/travail/rapports/fevrier.txt eleve:eleve 644',
			'/home/eleve/travail/outils/compter.sh eleve:eleve 644',
			'/usr/local/bin/compter.sh root:root 755',
		]);
	});

	test('each block of several lines runs whole in the terminal, and every step passes', { timeout: 600_000 }, async () => {
		const lab = labs['archiver-des-rapports'];
		expect(offeredCommands(lab.steps[0].html)).toEqual(['cd ~/travail\nmkdir -p archives\ntar -czf archives/rapports.tar.gz rapports']);
		await playSteps(lab);
		// The block's lines ran one after the other in the learner's shell: its `cd` stayed.
		expect(await typeShowingScreen('pwd')).toBe('/home/eleve/travail');
		expect(await typeShowingScreen('cat total.txt')).toMatch(/^ *5 total$/);
	});
});
