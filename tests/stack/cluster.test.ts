/** #15 point 8: joining a cluster over the API, and one inventory that refuses duplicates across a cluster. */
import { describe, it, expect } from 'vitest';
import { mkdtempSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { buildBundle, readConfig } from '../../src/stack/index.ts';
import { inventoryProblems } from '../../src/stack/inventory.ts';
import { configFrom, exampleText, plainSpaces, run, REPO_ROOT } from './helpers.ts';

const FINGERPRINT = 'AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89';
const first = exampleText('cooperative-osbl.yaml');
/** The second node of the same cluster, written carelessly from the first one's file. */
const second = first
	.replace('nom: osbl-entraide', 'nom: osbl-entraide-2')
	.replace('  nom: noeud1', '  nom: noeud2')
	.replace('adresse: 10.20.0.11/24', 'adresse: 10.20.0.12/24')
	.replace('  role: creer', `  role: rejoindre\n  pair: 10.20.0.11\n  empreinte: "${FINGERPRINT}"`);

describe('grappe : rejoindre par l’API', () => {
	it('pvecm add avec l’empreinte du pair, jamais --use_ssh ; le mot de passe n’est pas dans la commande', () => {
		const { plan } = buildBundle(configFrom(second), second);
		const join = plan.actions.find((a) => a.id === 'cluster.rejoindre');
		expect(join?.commands).toEqual([`ab_cluster_rejoindre 10.20.0.11 10.20.0.12 ${FINGERPRINT}`]);
		expect(JSON.stringify(plan)).not.toContain('--use_ssh');
	});

	it('rejoindre sans empreinte est refusé, en français', () => {
		const r = readConfig(second.replace(`  empreinte: "${FINGERPRINT}"\n`, ''));
		expect(r.ok).toBe(false);
		if (!r.ok) expect(plainSpaces(r.errors.map((e) => `${e.path} : ${e.message}`).join('\n'))).toContain('cluster.empreinte : obligatoire pour rejoindre une grappe');
	});
});

describe('grappe : un inventaire refuse les doublons entre nœuds', () => {
	it('mêmes identifiants et adresses de conteneurs sur deux nœuds : chaque doublon est nommé', () => {
		const problems = inventoryProblems([
			{ file: 'noeud1.yaml', config: configFrom(first) },
			{ file: 'noeud2.yaml', config: configFrom(second) },
		]);
		const where = problems.map((p) => `${p.file} ${p.path}`);
		expect(where).toEqual(expect.arrayContaining(['noeud2.yaml services[0].id', 'noeud2.yaml services[0].adresse', 'noeud2.yaml services[4].id']));
		expect(problems.every((p) => p.file === 'noeud2.yaml')).toBe(true);
		expect(problems[0].message).toMatch(/est déjà pris dans la grappe « entraide » par noeud1\.yaml/);
	});

	it('des numéros et adresses distincts passent ; le stockage PBS par défaut diffère par nœud', () => {
		let distinct = second.replace(/id: 20(\d)/g, 'id: 30$1').replace(/10\.20\.0\.3(\d)\/24/g, '10.20.0.4$1/24');
		distinct = distinct.replace('    stockage: pbs-cooperative\n', '');
		const one = first.replace('    stockage: pbs-cooperative\n', '');
		expect(inventoryProblems([{ file: 'a', config: configFrom(one) }, { file: 'b', config: configFrom(distinct) }])).toEqual([]);
	});

	it('npm run stack -- plan --config A --config B : une commande sur plusieurs fichiers, doublons refusés', () => {
		const dir = mkdtempSync(join(tmpdir(), 'ab-grappe-'));
		writeFileSync(join(dir, 'noeud1.yaml'), first);
		writeFileSync(join(dir, 'noeud2.yaml'), second);
		const node = join(REPO_ROOT, 'node_modules', '.bin', 'node');
		const r = run(existsSync(node) ? node : process.execPath, [join(REPO_ROOT, 'scripts', 'stack.ts'), 'plan', '--config', join(dir, 'noeud1.yaml'), '--config', join(dir, 'noeud2.yaml')]);
		expect(r.code).toBe(1);
		expect(plainSpaces(r.output)).toContain('services[0].id : l’identifiant de conteneur « 200 » est déjà pris dans la grappe « entraide »');
	}, 60_000);
});
