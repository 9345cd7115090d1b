/**
 * Boots the real guest images from their manifests (public/vm/debian/ and
 * its lighter variant), as a lab page would. Build it first: `npm run images`. apt from the site's
 * repository is played by the content tests (labs « installer » and
 * « serveur-web »: tests/vm/content/).
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LabVm } from '../../src/machine/index.ts';
import type { V86With9p } from '../../src/machine/v86/nine-p-fids.ts';
import { setGuestClock } from '../../src/machine/guest-clock.ts';
import { Guest } from './guest.ts';

describe('image Debian dans v86 (Node)', () => {
	let guest: Guest;
	let vm: LabVm;

	beforeAll(async () => {
		guest = await Guest.boot();
		vm = guest.vm;
	}, 60_000);

	afterAll(async () => guest?.close());

	it('répond à une commande tapée dans le terminal', async () => {
		const out = await vm.type('echo bonjour-$((6*7)); hostname; whoami', 20_000);
		expect(out).toContain('bonjour-42');
		expect(out).toContain('labo');
		expect(out).toContain('eleve');
	}, 30_000);

	it('exécute une ligne tapée d’avance pendant qu’une commande passe par sudo', async () => {
		// Both lines typed at once, as a learner who does not wait for the prompt. With sudo's
		// use_pty (Debian's default), sudo read the second line and it never ran.
		vm.clearScreenText();
		vm.write('sudo -n sleep 2\recho "avance-$((40 + 2))"\r');
		// Its output, then the prompt after it: the next test types on a quiet terminal.
		await vm.waitForText(/\n\r?avance-42\r?\n[^\n]*eleve@labo:[^\n]*\$ $/, 30_000).catch((error: Error) => {
			throw new Error(`${error.message}\nÉcran : ${JSON.stringify(vm.screenText.slice(-300))}`);
		});
	}, 40_000);

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

	it('reprend à l’heure de son instantané, puis se met à l’heure de l’hôte : date et la date d’un fichier touché concordent', async () => {
		// Real: the guest's kernel clock, GNU date and touch, v86's 9p server stamping the file.
		const resumed = Number((await vm.check('date +%s')).output);
		console.log(`horloge de l’invité au démarrage : ${Math.round(Date.now() / 1000 - resumed)} s de retard sur l’hôte`);
		await setGuestClock(vm);
		const host = Date.now() / 1000;
		const [guestNow, touched] = (await vm.check('date +%s.%N; touch ~/heure.txt; stat -c %Y ~/heure.txt')).output.split('\n').map(Number);
		expect(Math.abs(guestNow - host)).toBeLessThan(3);
		expect(Math.abs(touched - guestNow)).toBeLessThan(3);
	}, 30_000);

	it('répond à des demandes faites en même temps, comme la page au démarrage d’un labo (taille du terminal, préparation)', async () => {
		const [size, setup, check] = await Promise.all([
			vm.resize(100, 30).then(() => 'ok'),
			vm.check('set -e\nmkdir -p /home/eleve/ensemble/a\ntouch /home/eleve/ensemble/a/b\necho préparé', 60),
			vm.check('test -f /home/eleve/ensemble/a/b && stty -F /dev/ttyS0 size'),
		]);
		expect(size).toBe('ok');
		expect(setup).toMatchObject({ ok: true, output: 'préparé' });
		expect(check).toMatchObject({ ok: true, output: '30 100' });
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

	it('restaure une machine enregistrée pendant qu’une marche 9p était en cours (trou dans les fids de v86), même enregistrée avant le correctif', async () => {
		// The state v86 is in when the guest's request for a lower fid is still
		// in flight while a higher one has been answered: the array has a hole.
		const fids = (vm.emulator as unknown as V86With9p).v86!.cpu!.devices!.virtio_9p!.fids!;
		const higher = fids.length + 2;
		fids[higher] = { inodeid: -1, type: -1, uid: 0, dbg_name: '' };
		await vm.type('echo "écrit avant le trou" > ~/trou.txt', 10_000);
		const state = await vm.saveState();
		expect(Object.keys(fids).length, 'plus de trou dans les fids enregistrés').toBe(fids.length);
		await vm.restoreState(state);
		expect((await vm.check('cat ~/trou.txt')).output).toContain('écrit avant le trou');

		// A machine saved with that hole before the fix (v86's own save_state) is repaired when restored.
		const restored = (vm.emulator as unknown as V86With9p).v86!.cpu!.devices!.virtio_9p!.fids!;
		restored[restored.length + 2] = { inodeid: -1, type: -1, uid: 0, dbg_name: '' };
		await vm.type('echo "enregistrée avant le correctif" > ~/ancienne.txt', 10_000);
		const holed = await vm.emulator.save_state();
		await vm.restoreState(holed);
		expect((await vm.check('cat ~/ancienne.txt')).output).toContain('enregistrée avant le correctif');
	}, 90_000);

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
});

describe('image légère « debian-leger » (sysvinit), même recette', () => {
	let guest: Guest;

	beforeAll(async () => {
		guest = await Guest.boot('debian-leger');
	}, 60_000);

	afterAll(async () => guest?.close());

	it('démarre avec l’init de sysvinit, sans systemd, et le même compte eleve', async () => {
		const init = await guest.vm.check('ps -p 1 -o comm=; command -v systemctl || echo sans-systemctl; id -nG eleve');
		expect(init.ok).toBe(true);
		expect(init.output.trim().split('\n').map((line) => line.trim())).toEqual(['init', 'sans-systemctl', 'eleve adm sudo']);
	}, 30_000);

	it('connaît le dépôt apt du site tel que le site le sert (mêmes listes que l’image principale)', async () => {
		const site = readFileSync('public/apt/dists/bookworm/Release', 'utf8');
		const seeded = await guest.vm.check('cat /var/lib/apt/lists/depot.labo_apt_dists_bookworm_Release');
		expect(seeded.output.trim()).toBe(site.trim());
		const plan = await guest.vm.check('apt-get -s install nginx-light | grep -c "^Inst "', 60);
		expect(plan.ok, plan.output).toBe(true);
		expect(Number(plan.output.trim())).toBeGreaterThan(0);
	}, 90_000);
});
