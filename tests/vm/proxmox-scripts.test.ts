/**
 * The Proxmox lab's tools (labs/image/debian/overlay-proxmox/): shellcheck
 * clean, and each says it is the site's teaching stand-in, not Proxmox's own.
 * Their behaviour is tested in the image itself (proxmox-lab.test.ts).
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const OVERLAY = 'labs/image/debian/overlay-proxmox';
const TOOLS = ['pct', 'pveam', 'pvesm', 'vzdump', 'qm', 'ifreload', 'pvecm'];
const scripts = [
	...readdirSync(join(OVERLAY, 'usr/local/sbin')).map((name) => join(OVERLAY, 'usr/local/sbin', name)),
	join(OVERLAY, 'usr/local/lib/labo-pve/common.sh'),
];

describe('outils Proxmox du labo', () => {
	it('sont tous là', () => {
		expect(readdirSync(join(OVERLAY, 'usr/local/sbin'))).toEqual(expect.arrayContaining(TOOLS));
	});

	it.each(scripts)('%s passe shellcheck', (file) => {
		// -x follows the `source` of common.sh (SCRIPTDIR directive in each tool).
		const run = () => execFileSync('shellcheck', ['-x', file], { encoding: 'utf8', stdio: 'pipe' });
		expect(run).not.toThrow();
	});

	it.each(TOOLS)('%s se présente comme une doublure pédagogique', (tool) => {
		const head = readFileSync(join(OVERLAY, 'usr/local/sbin', tool), 'utf8').split('\n').slice(0, 6).join('\n');
		expect(head).toMatch(/TEACHING STAND-IN written for this site/);
	});
});
