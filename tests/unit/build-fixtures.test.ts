import { spawnSync } from 'node:child_process';
import { expect, test } from 'vitest';

/** Builds a fixture site with the project's Astro, as `npm run build` would. */
function build(site: string) {
	return spawnSync(process.execPath, ['../../../../node_modules/astro/bin/astro.mjs', 'build'], {
		cwd: `tests/fixtures/sites/${site}`,
		encoding: 'utf8',
		env: { ...process.env, ASTRO_TELEMETRY_DISABLED: '1', NO_COLOR: '1' },
	});
}

test('a malformed lab.yaml fails the build, naming the file, the field and what is accepted', { timeout: 120_000 }, () => {
	const result = build('bad-lab');
	const output = result.stdout + result.stderr;
	expect(result.status, output).not.toBe(0);
	expect(output).toContain('labs/casse/lab.yaml\u00a0: level\u00a0: valeur "expert" refusée ; valeurs acceptées : "débutant", "intermédiaire", "avancé"');
	expect(output).toContain('labs/casse/lab.yaml\u00a0: steps[0].checks\u00a0: il faut au moins 1 élément');
});
