/**
 * An imported Killercoda scenario works in the real guest. The importer's
 * command (`npm run labs:import`) writes the lab from the fixture; the lab is
 * prepared as a lab page does (assets, then the start scripts, as root); each
 * step's verify.sh, now a check, fails first, then passes once the commands
 * the step offers (its `{{exec}}` blocks) are typed in the terminal as the
 * learner `eleve`.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { loadLabs } from '../../src/labs/loader.ts';
import { prepareLab } from '../../src/labs/prepare.ts';
import { toClientLab, type ClientLab } from '../../src/labs/render.ts';
import type { LabMachine } from '../../src/labs/runtime.ts';
import type { LabVm } from '../../src/vm/index.ts';
import { bootGuest, type Guest } from './guest.ts';

const FIXTURE = 'tests/fixtures/killercoda/creer-un-fichier';
const ID = 'creer-un-fichier';

/** The commands a step's text offers to send to the terminal (`data-cmd`, from `{{exec}}`). */
function offeredCommands(html: string): string[] {
	const entities: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
	return [...html.matchAll(/data-cmd="([^"]*)"/g)].map((m) =>
		m[1].replace(/&(#x[0-9a-f]+|#[0-9]+|[a-z]+);/gi, (all, e: string) =>
			e.startsWith('#x') ? String.fromCodePoint(parseInt(e.slice(2), 16)) : e.startsWith('#') ? String.fromCodePoint(Number(e.slice(1))) : (entities[e] ?? all),
		),
	);
}

let labsRoot: string;
let lab: ClientLab;
let guest: Guest;
let vm: LabVm;
let machine: LabMachine;

beforeAll(async () => {
	labsRoot = mkdtempSync(join(tmpdir(), 'labs-killercoda-'));
	execFileSync(process.execPath, ['scripts/import-killercoda.ts', FIXTURE, ID, '--labs', labsRoot], { encoding: 'utf8', stdio: 'pipe' });
	const loaded = loadLabs(labsRoot);
	expect(loaded.map((l) => l.id)).toEqual([ID]);
	lab = toClientLab(ID, loaded[0].lab, labsRoot);
	guest = await bootGuest();
	({ vm, machine } = guest);
});

afterAll(async () => {
	await guest?.close();
	if (labsRoot) rmSync(labsRoot, { recursive: true, force: true });
});

describe('scénario Killercoda importé, dans la machine Debian', () => {
	test('the lab is prepared as a lab page does it: files in place, home owned by the learner', { timeout: 300_000 }, async () => {
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
		expect(lab.steps.length).toBe(2);
		for (const [index, step] of lab.steps.entries()) {
			const where = `étape ${index + 1} « ${step.title} »`;
			expect(step.checks.length, where).toBe(1);
			const check = step.checks[0];
			const before = await machine.run(check.run, check.timeout);
			expect(before.ok, `${where} : verify.sh réussit avant que l’élève agisse`).toBe(false);
			expect(before.timedOut, `${where} : verify.sh a dépassé son délai`).toBe(false);

			const commands = offeredCommands(step.html);
			expect(commands.length, `${where} : aucune commande à envoyer au terminal`).toBeGreaterThan(0);
			for (const command of commands) {
				const output = await vm.type(command, 60_000);
				const status = await vm.type('echo "code=$?"', 20_000);
				expect(status, `${where} : « ${command} » a échoué dans le terminal :\n${output}`).toContain('code=0');
			}

			const after = await machine.run(check.run, check.timeout);
			expect(after.ok, `${where} : verify.sh échoue après les commandes (code ${after.status}) ${after.output}`).toBe(true);
		}
		// The last command of step 2 is the scenario's own tool, shipped as an asset.
		expect(await vm.type('bilan', 20_000)).toMatch(/notes\.txt/);
	});
});
