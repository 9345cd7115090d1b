import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { describe, expect, test } from 'vitest';
import { assetMode, convertText, importScenario, ScenarioError } from '../../src/labs/killercoda.ts';
import { parseLab } from '../../src/labs/parse.ts';

const FIXTURE = 'tests/fixtures/killercoda/creer-un-fichier';
const readFixture = (path: string) => (existsSync(join(FIXTURE, path)) ? readFileSync(join(FIXTURE, path), 'utf8') : undefined);

describe('convertText', () => {
	test.each([
		['Tape `ls -l`{{exec}}.', 'Tape :cmd[ls -l].'],
		['```\nmkdir a\n```{{exec}}', '::cmd[mkdir a]'],
		['```bash\nls\ncd /tmp\n```{{exec}}', '```bash\nls\ncd /tmp\n```'],
		['Copie `echo a`{{copy}}', 'Copie `echo a`'],
		['Va dans /root/projet', 'Va dans /home/eleve/projet'],
	])('%j', (input, expected) => {
		expect(convertText(input)).toBe(expected);
	});
});

describe('assetMode', () => {
	test.each([
		['+x', '0755'],
		['755', '0755'],
		['0700', '0700'],
		['+w', '0644'],
		['u+x', '0744'],
		['a+x', '0755'],
		['go-r', '0600'],
		['u+rwx,go-r', '0700'],
		['=r', '0444'],
		['+X', undefined],
		['chmod 755', undefined],
	])('%s → %s', (chmod, mode) => {
		expect(assetMode(chmod)).toBe(mode);
	});
});

describe('importScenario', () => {
	const imported = importScenario(readFixture);

	test('produces a lab our schema accepts, /root becoming the learner’s home', () => {
		const lab = parseLab('labs/essai/lab.yaml', stringify(imported.lab));
		expect(lab.steps.map((s) => s.title)).toEqual(['Un dossier', 'Un fichier']);
		expect(lab.steps[0].checks[0].run).toBe('test -d /home/eleve/projet');
		expect(lab.steps[1].checks[0].run).toBe('set -e\ngrep -q "ranger mes notes" /home/eleve/projet/notes.txt\ntest ! -e /home/eleve/brouillons/idees.txt');
		expect(lab.assets).toEqual([
			{ src: 'fichiers/consigne.txt', dest: '/home/eleve/consigne.txt', mode: '0644', owner: 'eleve:eleve' },
			// Outside the home, a file stays root's, as on Killercoda; `+x` becomes an octal mode.
			{ src: 'fichiers/outils/bilan', dest: '/usr/local/bin/bilan', mode: '0755', owner: 'root:root' },
		]);
		expect(imported.files['fichiers/outils/bilan']).toMatch(/^#!\/bin\/sh\n/);
	});

	test('runs each start script in its own subshell, then gives the home back to eleve', () => {
		expect(imported.lab.setup).toBe(
			[
				'(\nmkdir -p /home/eleve/brouillons\necho "idée : ranger mes notes" > /home/eleve/brouillons/idees.txt\necho prêt > /tmp/scenario-pret\n)',
				'(\nwhile [ ! -f /tmp/scenario-pret ]; do sleep 1; done\necho "Tout est prêt."\nexit 0\n)',
				'chown -R eleve:eleve /home/eleve',
			].join(' &&\n'),
		);
	});

	test('an `exit 0` in one start script does not skip the next ones', () => {
		const dir = mkdtempSync(join(tmpdir(), 'killercoda-'));
		try {
			const files: Record<string, string> = {
				'index.json': JSON.stringify({ title: 'Sorties', details: { intro: { background: 'bg.sh', foreground: 'fg.sh' }, steps: [{ text: 's.md' }] } }),
				'bg.sh': `#!/bin/bash\necho un > ${dir}/un\nexit 0`,
				'fg.sh': `echo deux > ${dir}/deux`,
				's.md': 'Rien.',
			};
			const setup = importScenario((p) => files[p]).lab.setup!;
			// Only the trailing chown needs the guest's user: run what comes before it.
			execFileSync('bash', ['-c', setup.replace(/ &&\nchown .*$/, '')]);
			expect(readFileSync(join(dir, 'deux'), 'utf8')).toBe('deux\n');
		} finally {
			rmSync(dir, { recursive: true, force: true });
		}
	});

	test('keeps the intro and the finish text', () => {
		expect(imported.lab.steps[0].text).toMatch(/^Bienvenue/);
		expect(imported.lab.steps[1].text).toMatch(/Bravo, tu as fini !$/);
		expect(imported.files['fichiers/consigne.txt']).toBe('Range tes notes dans le dossier projet.\n');
	});

	test('warns about a chmod it cannot read, and the file keeps 0644', () => {
		const files: Record<string, string> = {
			'index.json': JSON.stringify({ title: 'Droits', details: { steps: [{ text: 's.md' }], assets: { host01: [{ file: 'a.sh', target: '~', chmod: '+X' }] } } }),
			's.md': 'Rien.',
			'assets/a.sh': 'true',
		};
		const result = importScenario((p) => files[p]);
		expect(result.lab.assets).toEqual([{ src: 'fichiers/a.sh', dest: '/home/eleve/a.sh', owner: 'eleve:eleve' }]);
		expect(result.warnings).toContain('Fichier joint a.sh : droits « +X » non compris ; il reçoit 0644.');
	});

	test.each([
		['no index.json', () => undefined, /index\.json introuvable/],
		['broken JSON', (p: string) => (p === 'index.json' ? '{' : undefined), /index\.json n’est pas du JSON valide/],
		['a missing step file', (p: string) => (p === 'step2/text.md' ? undefined : readFixture(p)), /Étape 2 \(texte\) : fichier « step2\/text\.md » introuvable/],
	])('explains %s in French', (_case, read, message) => {
		expect(() => importScenario(read)).toThrow(ScenarioError);
		expect(() => importScenario(read)).toThrow(message);
	});
});
