/** La CLI « npm run stack » : plan, bundle, inventaire, et refus sans rien écrire. */
import { describe, it, expect } from 'vitest';
import { mkdtempSync, writeFileSync, existsSync, readFileSync, statSync, cpSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { run, REPO_ROOT, EXAMPLES, plainSpaces, exampleBundle } from './helpers.ts';

const NODE = join(REPO_ROOT, 'node_modules', '.bin', 'node');
const stack = (...args: string[]) => {
	const r = run(existsSync(NODE) ? NODE : process.execPath, [join(REPO_ROOT, 'scripts', 'stack.ts'), ...args], { cwd: REPO_ROOT });
	return { ...r, output: plainSpaces(r.output) };
};
const example = join(EXAMPLES, 'apprenant-maison.yaml');
/** Number of actions of the example's plan, computed by the generator (never written by hand). */
const actionCount = exampleBundle('apprenant-maison.yaml').plan.actions.length;

describe('npm run stack', { timeout: 60_000 }, () => {
	it('plan : imprime chaque action en français, code 0', () => {
		const r = stack('plan', '--config', example);
		expect(r.code).toBe(0);
		expect(actionCount).toBeGreaterThan(30);
		expect(r.output).toContain(`Plan du site « labo-maison » (maison.lan) : ${actionCount} actions.`);
		expect(r.output).toContain('$ pct create 101 ');
	});

	it('plan --json : le plan structuré', () => {
		const r = stack('plan', '--config', example, '--json');
		expect(JSON.parse(r.output).actions).toHaveLength(actionCount);
	});

	it('bundle : écrit le paquet, scripts exécutables, sommes vérifiables', () => {
		const out = join(mkdtempSync(join(tmpdir(), 'ab-cli-')), 'paquet');
		const r = stack('bundle', '--config', example, '--out', out);
		expect(r.code, r.output).toBe(0);
		expect(statSync(join(out, 'deploy.sh')).mode & 0o777).toBe(0o755);
		expect(run('sha256sum', ['--quiet', '-c', 'SHA256SUMS'], { cwd: out }).code).toBe(0);
	});

	it('configuration invalide : message français qui nomme le champ, code 1, rien d’écrit', () => {
		const dossier = mkdtempSync(join(tmpdir(), 'ab-cli-'));
		const fichier = join(dossier, 'site.yaml');
		writeFileSync(fichier, readFileSync(example, 'utf8').replace('id: 102', 'id: 101').replace('nom: nuage', 'nom: Nuage_1'));
		const out = join(dossier, 'sortie');
		const r = stack('bundle', '--config', fichier, '--out', out);
		expect(r.code).toBe(1);
		expect(r.output).toContain('Configuration refusée');
		expect(r.output).toContain('rien n’a été modifié');
		expect(r.output).toMatch(/services\[1\]\.nom : « Nuage_1 » n’est pas une étiquette DNS valide/);
		expect(existsSync(out)).toBe(false);
	});

	it('identifiant en double : le champ et la valeur déjà prise', () => {
		const dossier = mkdtempSync(join(tmpdir(), 'ab-cli-'));
		const fichier = join(dossier, 'site.yaml');
		writeFileSync(fichier, readFileSync(example, 'utf8').replace('id: 102', 'id: 101'));
		const r = stack('plan', '--config', fichier);
		expect(r.code).toBe(1);
		expect(r.output).toContain('services[2].id : l’identifiant de conteneur « 101 » est déjà utilisé par services[1]');
	});

	it('inventaire : un paquet par site ; deux sites du même nom sont refusés', () => {
		const inventaire = mkdtempSync(join(tmpdir(), 'ab-inv-'));
		cpSync(EXAMPLES, inventaire, { recursive: true });
		const out = join(mkdtempSync(join(tmpdir(), 'ab-inv-out-')), 'paquets');
		const r = stack('bundle', '--config', inventaire, '--out', out);
		expect(r.code, r.output).toBe(0);
		expect(existsSync(join(out, 'labo-maison', 'deploy.sh'))).toBe(true);
		expect(existsSync(join(out, 'osbl-entraide', 'deploy.sh'))).toBe(true);
		mkdirSync(join(inventaire, 'copie'), { recursive: true });
		writeFileSync(join(inventaire, 'zz-copie.yaml'), readFileSync(example, 'utf8'));
		const doublon = stack('plan', '--config', inventaire);
		expect(doublon.code).toBe(1);
		expect(doublon.output).toContain('site.nom : « labo-maison » est déjà utilisé');
	});

	it('usage incorrect : code 2', () => {
		expect(stack('detruire').code).toBe(2);
		expect(stack('plan').code).toBe(2);
	});
});
