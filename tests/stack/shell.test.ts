/**
 * The bundle's scripts: shellcheck with no exception, then the bats suite
 * that runs them against recording stand-ins (tests/stack/bin).
 */
import { describe, it, expect, beforeAll } from 'vitest';
import { mkdtempSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { run, writeBundle, exampleBundle, benchEnv } from './helpers.ts';

const EXAMPLE_FILES = ['apprenant-maison.yaml', 'cooperative-osbl.yaml'];

describe('shellcheck sur chaque script d’un paquet généré', () => {
	it.each(EXAMPLE_FILES)('%s', (name) => {
		const dir = mkdtempSync(join(tmpdir(), 'ab-sc-'));
		const bundle = exampleBundle(name);
		writeBundle(dir, bundle);
		const scripts = bundle.files.map((f) => f.path).filter((p) => p.endsWith('.sh') || p === 'config/site.env');
		expect(scripts.length).toBeGreaterThanOrEqual(8);
		// -x follows « source »; no « disable » directive exists in the sources.
		const r = run('shellcheck', ['-x', '--severity=style', ...scripts], { cwd: dir });
		expect(r.output).toBe('');
		expect(r.code).toBe(0);
	}, 120_000);

	it('aucune désactivation globale de shellcheck dans le paquet', () => {
		for (const f of exampleBundle('apprenant-maison.yaml').files) expect(f.content, f.path).not.toMatch(/shellcheck disable/);
	});

	it('les doublures de test elles-mêmes', () => {
		const r = run('shellcheck', ['--severity=style', join(import.meta.dirname, 'bin', 'recorder')]);
		expect(r.output).toBe('');
	}, 30_000);
});

describe('bats : le paquet contre des doublures de pct, pveam, pvesh, apt-get, systemctl', () => {
	let bench: Record<string, string>;
	beforeAll(() => {
		bench = benchEnv();
	});

	it('toutes les épreuves passent', () => {
		const file = join(import.meta.dirname, 'deploy.bats');
		const r = run('bats', ['--tap', file], {
			env: { ...process.env, ...bench },
		});
		const expected = (readFileSync(file, 'utf8').match(/^@test /gm) ?? []).length;
		expect(r.output, r.output).not.toMatch(/^not ok/m);
		expect((r.output.match(/^ok /gm) ?? []).length).toBe(expected);
		expect(r.code).toBe(0);
		// ~45 épreuves, chacune avec deux « apply » complets : 14 min mesurées sous une charge de 11 sur 2 cœurs.
	}, 1_800_000);
});
