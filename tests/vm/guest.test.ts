/**
 * Boots the real guest image from its manifest (public/vm/debian/), as a lab
 * page would. Build it first: `npm run images`. The apt test is the slow one
 * (dpkg + nginx postinst in the emulator: minutes on a loaded 2-core machine).
 */
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import { existsSync, readFileSync } from 'node:fs';
import { extname, join, normalize, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LabVm } from '../../src/vm/index.ts';

const ROOT = resolve(import.meta.dirname, '../..');
const MANIFEST = join(ROOT, 'public/vm/debian/manifest.json');

/** Minimal static server for public/ (the site's origin seen by the guest's apt). */
function serve(dir: string): Promise<{ server: Server; origin: string }> {
	const server = createServer((req, res) => {
		const path = normalize(decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname));
		const file = join(dir, path);
		if (!file.startsWith(dir) || !existsSync(file)) {
			res.writeHead(404).end();
			return;
		}
		const types: Record<string, string> = { '.deb': 'application/vnd.debian.binary-package', '.gz': 'application/gzip' };
		res.writeHead(200, { 'content-type': types[extname(file)] ?? 'application/octet-stream' });
		res.end(readFileSync(file));
	});
	return new Promise((ok) =>
		server.listen(0, '127.0.0.1', () => {
			const addr = server.address() as { port: number };
			ok({ server, origin: `http://127.0.0.1:${addr.port}` });
		}),
	);
}

describe('image Debian dans v86 (Node)', () => {
	let vm: LabVm;
	let http: { server: Server; origin: string };

	beforeAll(async () => {
		if (!existsSync(MANIFEST)) throw new Error(`Image invitée absente (${MANIFEST}) : lance « npm run images ».`);
		http = await serve(join(ROOT, 'public'));
		vm = await LabVm.boot({
			manifestUrl: pathToFileURL(MANIFEST),
			aptBaseUrl: `${http.origin}/apt/`,
		});
	}, 60_000);

	afterAll(async () => {
		await vm?.destroy();
		http?.server.close();
	});

	it('répond à une commande tapée dans le terminal', async () => {
		const out = await vm.type('echo bonjour-$((6*7)); hostname; whoami', 20_000);
		expect(out).toContain('bonjour-42');
		expect(out).toContain('labo');
		expect(out).toContain('eleve');
	}, 30_000);

	it('passe une vérification réussie et une vérification échouée par l’agent', async () => {
		await vm.type('touch ~/preuve.txt', 10_000);
		const ok = await vm.check('test -f ~/preuve.txt');
		expect(ok.ok).toBe(true);
		expect(ok.status).toBe(0);
		const ko = await vm.check('test -f ~/absent.txt');
		expect(ko.ok).toBe(false);
		expect(ko.status).toBe(1);
		const out = await vm.check('echo sortie; echo erreur >&2; exit 3');
		expect(out.status).toBe(3);
		expect(out.output).toContain('sortie');
		expect(out.output).toContain('erreur');
		const slow = await vm.check('sleep 5', 1);
		expect(slow.timedOut).toBe(true);
		// Nothing of the agent shows in the learner's terminal.
		expect(vm.screenText).not.toContain('LABO');
	}, 60_000);

	it('sauvegarde, restaure et retrouve un fichier écrit avant', async () => {
		await vm.type('echo "écrit avant la sauvegarde" > ~/avant.txt', 10_000);
		const state = await vm.saveState();
		await vm.type('rm ~/avant.txt', 10_000);
		expect((await vm.check('test -f ~/avant.txt')).ok).toBe(false);
		await vm.restoreState(state);
		const back = await vm.check('cat ~/avant.txt');
		expect(back.output).toContain('écrit avant la sauvegarde');
		const typed = await vm.type('cat ~/avant.txt', 10_000);
		expect(typed).toContain('écrit avant la sauvegarde');
	}, 60_000);

	it('affiche « man ls » en français, avec le pager de man', async () => {
		vm.clearScreenText();
		vm.write('man ls\r');
		const page = await vm.waitForText(/Page de manuel ls\(1\)/, 30_000);
		expect(page).toMatch(/NOM/);
		vm.write('q');
		await vm.waitForText(/[$#] $/, 10_000);
	}, 60_000);

	it('charge à la demande les modules des labos (nftables, pont, VLAN, boucle, LVM, ext4)', async () => {
		const script = [
			'nft add table inet labo && nft list tables | grep -q labo',
			'ip link add br-test type bridge && ip link add link eth0 name eth0.42 type vlan id 42',
			'truncate -s 32M /tmp/disque.img && dev=$(losetup -f --show /tmp/disque.img)',
			'pvcreate -q "$dev" && vgcreate -q vgtest "$dev" && lvcreate -q -y -L 12M -n lvtest vgtest',
			'mkfs.ext4 -q /dev/vgtest/lvtest && mkdir -p /mnt/test && mount /dev/vgtest/lvtest /mnt/test && findmnt -n /mnt/test',
		].join(' && ');
		const result = await vm.check(script, 240);
		expect(result.ok, result.output).toBe(true);
		expect(result.output).toContain('/dev/mapper/vgtest-lvtest');
		const cleanup = await vm.check('umount /mnt/test && vgremove -q -f vgtest && losetup -D && ip link del br-test && ip link del eth0.42 && nft delete table inet labo', 120);
		expect(cleanup.ok, cleanup.output).toBe(true);
	}, 300_000);

	it('installe nginx-light depuis le dépôt apt du site', async () => {
		const out = await vm.type('sudo apt-get install -y nginx-light > /tmp/apt.log 2>&1; echo fin=$?; tail -n 5 /tmp/apt.log', 540_000);
		expect(out, out).toContain('fin=0');
		const check = await vm.check('dpkg -s nginx-light | grep -q "Status: install ok installed" && test -x /usr/sbin/nginx', 20);
		expect(check.ok, check.output).toBe(true);
	}, 600_000);
});
