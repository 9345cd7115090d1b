import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { describe, expect, test } from 'vitest';
import { convertText, importScenario, ScenarioError } from '../../src/labs/killercoda.ts';
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

describe('importScenario', () => {
	const imported = importScenario(readFixture);

	test('produces a lab our schema accepts', () => {
		const lab = parseLab('labs/essai/lab.yaml', stringify(imported.lab));
		expect(lab.steps.map((s) => s.title)).toEqual(['Un dossier', 'Un fichier']);
		expect(lab.steps[0].checks[0].run).toBe('test -d /home/eleve/projet');
		expect(lab.setup).toBe('echo prêt > /tmp/scenario-pret');
		expect(lab.assets).toEqual([{ src: 'fichiers/consigne.txt', dest: '/home/eleve/consigne.txt', mode: '0644', owner: 'eleve:eleve' }]);
	});

	test('keeps the intro and the finish text', () => {
		expect(imported.lab.steps[0].text).toMatch(/^Bienvenue/);
		expect(imported.lab.steps[1].text).toMatch(/Bravo, tu as fini !$/);
		expect(imported.files['fichiers/consigne.txt']).toBe('Range tes notes dans le dossier projet.\n');
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
