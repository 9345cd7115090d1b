/**
 * The Proxmox lab's tools (labs/image/debian/overlay-proxmox/): shellcheck
 * clean, and each says it is the site's teaching stand-in, not Proxmox's own.
 * Their behaviour is tested in the image itself (proxmox-lab.test.ts).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const OVERLAY = 'labs/image/debian/overlay-proxmox';
const TOOLS = ['pct', 'pveam', 'pvesm', 'vzdump', 'qm', 'ifreload', 'pvecm'];
// The tools, and what they read from lib/labo-pve/ (common.sh, pct's rarer commands, attendre).
const scripts = ['usr/local/sbin', 'usr/local/lib/labo-pve'].flatMap((dir) =>
	readdirSync(join(OVERLAY, dir)).map((name) => join(OVERLAY, dir, name)),
);
const ATTENDRE = join(OVERLAY, 'usr/local/lib/labo-pve/attendre');

describe('outils Proxmox du labo', () => {
	it('sont tous là', () => {
		expect(readdirSync(join(OVERLAY, 'usr/local/sbin'))).toEqual(expect.arrayContaining(TOOLS));
	});

	it.each(scripts)('%s passe shellcheck', (file) => {
		// -x follows the `source` of common.sh (SCRIPTDIR directive in each tool).
		const run = () => execFileSync('shellcheck', ['-x', file], { encoding: 'utf8', stdio: 'pipe' });
		expect(run).not.toThrow();
	});

	// Run here on the host's real sh (dash, as in the image): what the cluster lab's checks rely on.
	it('attendre : réussit dès que la condition tient, échoue quand elle ne tient jamais, refuse un mauvais appel', () => {
		const dir = mkdtempSync(join(tmpdir(), 'attendre-'));
		try {
			// The file appears after a second: the condition holds on a later try.
			const later = spawnSync('sh', ['-c', `(sleep 1; touch ${dir}/ok) & ${ATTENDRE} 5 'test -e ${dir}/ok'`], { encoding: 'utf8' });
			expect(later.status).toBe(0);
			const never = spawnSync(ATTENDRE, ['1', 'false'], { encoding: 'utf8' });
			expect(never.status).toBe(1);
			const bad = spawnSync(ATTENDRE, ['zéro', 'true'], { encoding: 'utf8' });
			expect(bad.status).toBe(2);
			expect(bad.stderr).toMatch(/utilisation : attendre <secondes>/);
		} finally {
			rmSync(dir, { recursive: true, force: true });
		}
	});

	it.each(TOOLS)('%s se présente comme une doublure pédagogique', (tool) => {
		const head = readFileSync(join(OVERLAY, 'usr/local/sbin', tool), 'utf8').split('\n').slice(0, 6).join('\n');
		expect(head).toMatch(/TEACHING STAND-IN written for this site/);
	});
});
