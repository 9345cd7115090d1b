/**
 * Image build tooling without booting: recipe errors, mirror discovery,
 * the agent's framing, and a broken recipe failing the real build.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { imageHash, recipeFor } from '../../scripts/image/build.ts';
import { debianMirror } from '../../scripts/image/mirror.ts';
import { loadRecipe } from '../../scripts/image/recipe.ts';

const ROOT = resolve(import.meta.dirname, '../..');
const RECIPE = join(ROOT, 'labs/image/debian/recipe.yaml');

function tempRecipe(patch: Record<string, unknown>): string {
	const dir = mkdtempSync(join(tmpdir(), 'recette-'));
	const data = { ...(parse(readFileSync(RECIPE, 'utf8')) as object), ...patch };
	writeFileSync(join(dir, 'recipe.yaml'), JSON.stringify(data));
	return join(dir, 'recipe.yaml');
}

describe('recette d’image', () => {
	it('la recette livrée est valide', () => {
		const r = loadRecipe(RECIPE);
		expect(r.packages).toContain('manpages-fr');
		expect(r.timezone).toBe('America/Toronto');
	});

	it('publie une variante légère (sysvinit) de la même recette', () => {
		expect(loadRecipe(RECIPE).variants).toEqual([
			expect.objectContaining({ id: 'debian-leger', init: 'sysvinit', packages: [] }),
			// The Proxmox labs' image: the same recipe plus Debian's lxc (bench/results/proxmox-lab.md).
			expect.objectContaining({ id: 'proxmox', init: 'systemd', packages: expect.arrayContaining(['lxc']) }),
		]);
		expect(() => loadRecipe(tempRecipe({ variants: [{ id: 'Léger', title: 'Léger', init: 'openrc' }] }))).toThrowError(
			/variants\[0\]\.id\u00a0: identifiant en minuscules[\s\S]*variants\[0\]\.init\u00a0: init accepté : systemd ou sysvinit/,
		);
	});

	it('l’empreinte d’une image ne change qu’avec ce qui la fait : une variante et son dossier ne refont pas les autres', () => {
		// A copy of the real recipe folder (real files, real hashing), edited the way a contributor would.
		const dir = mkdtempSync(join(tmpdir(), 'recette-'));
		cpSync(join(ROOT, 'labs/image/debian'), dir, { recursive: true });
		const hashes = () => {
			const base = loadRecipe(join(dir, 'recipe.yaml'));
			const of = (id?: string) => {
				const variant = base.variants.find((v) => v.id === id);
				return imageHash(dir, base, recipeFor(base, variant && { ...variant, publish: true }));
			};
			return { debian: of(), leger: of('debian-leger'), proxmox: of('proxmox') };
		};
		const before = hashes();
		expect(new Set(Object.values(before)).size).toBe(3);

		// A Proxmox tool edited: only the image whose variant names overlay-proxmox/ changes.
		const pct = join(dir, 'overlay-proxmox/usr/local/sbin/pct');
		writeFileSync(pct, `${readFileSync(pct, 'utf8')}\n# modifié\n`);
		const afterTool = hashes();
		expect(afterTool.debian).toBe(before.debian);
		expect(afterTool.leger).toBe(before.leger);
		expect(afterTool.proxmox).not.toBe(before.proxmox);

		// Its build step (the containers' template, beside the overlay): still only that image.
		const step = join(dir, 'overlay-proxmox.sh');
		writeFileSync(step, `${readFileSync(step, 'utf8')}\n# modifié\n`);
		const afterStep = hashes();
		expect(afterStep.debian).toBe(before.debian);
		expect(afterStep.leger).toBe(before.leger);
		expect(afterStep.proxmox).not.toBe(afterTool.proxmox);

		// The Proxmox variant given more RAM in recipe.yaml: the others keep their images (and learners their saved machines).
		const recipe = parse(readFileSync(join(dir, 'recipe.yaml'), 'utf8')) as { variants: { id: string; memoryMiB?: number }[] };
		recipe.variants.find((v) => v.id === 'proxmox')!.memoryMiB = 192;
		writeFileSync(join(dir, 'recipe.yaml'), JSON.stringify(recipe));
		const afterRam = hashes();
		expect(afterRam.debian).toBe(before.debian);
		expect(afterRam.leger).toBe(before.leger);
		expect(afterRam.proxmox).not.toBe(afterStep.proxmox);

		// Shared files still rebuild every image.
		const customize = join(dir, 'customize.sh');
		writeFileSync(customize, `${readFileSync(customize, 'utf8')}\n# modifié\n`);
		const afterShared = hashes();
		expect(afterShared.debian).not.toBe(afterRam.debian);
		expect(afterShared.leger).not.toBe(afterRam.leger);
		expect(afterShared.proxmox).not.toBe(afterRam.proxmox);
	});

	it('nomme le champ fautif en français', () => {
		expect(() => loadRecipe(tempRecipe({ arch: 'amd64', memoryMiB: 32 }))).toThrowError(
			/arch\u00a0: seule l’architecture i386[\s\S]*memoryMiB\u00a0: /,
		);
		// A field without a message of its own: the site's French wording, not zod's English.
		expect(() => loadRecipe(tempRecipe({ title: 'x' }))).toThrowError(/title\u00a0: texte trop court : au moins 3 caractères/);
	});
});

describe('miroir Debian', () => {
	it('lit les sources deb822 et ignore la sécurité', () => {
		const dir = mkdtempSync(join(tmpdir(), 'apt-'));
		mkdirSync(join(dir, 'sources.list.d'));
		writeFileSync(
			join(dir, 'sources.list.d/debian.sources'),
			'Types: deb\nURIs: http://miroir.example/debian-security\nSuites: bookworm-security\n\n' +
				'Types: deb\nURIs: http://miroir.example/debian\nSuites: bookworm\n',
		);
		expect(debianMirror({}, dir)).toBe('http://miroir.example/debian');
		expect(debianMirror({ LABO_DEBIAN_MIRROR: 'http://local/debian' }, dir)).toBe('http://local/debian');
	});

	it('explique quoi faire sans miroir', () => {
		const dir = mkdtempSync(join(tmpdir(), 'apt-'));
		expect(() => debianMirror({}, dir)).toThrowError(/LABO_DEBIAN_MIRROR/);
	});
});

describe.skipIf(process.env.LABO_SKIP_DEBIAN === '1')('construction avec un paquet inexistant', () => {
	it('échoue avec un message clair en français', () => {
		const recipe = tempRecipe({ id: 'test-recette-cassee', variants: [], packages: ['bash', 'paquet-qui-nexiste-pas'] });
		// mmdebstrap only meets the missing package after the essential set is
		// configured, i386 programs that run under qemu-user on kernels without
		// IA32 emulation: 4 min 40 s measured here on a loaded machine.
		const run = spawnSync(process.execPath, [join(ROOT, 'scripts/image/build.ts'), '--force', recipe], {
			encoding: 'utf8',
			timeout: 600_000,
		});
		expect(run.status).toBe(1);
		expect(run.stderr).toMatch(/paquet\(s\) Debian introuvable\(s\)[^\n]*paquet-qui-nexiste-pas/);
		expect(run.stderr).toMatch(/champ « packages »/);
	}, 620_000);
});
