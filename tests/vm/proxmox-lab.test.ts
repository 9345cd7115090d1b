/**
 * The Proxmox lab image (public/vm/proxmox/, `npm run images`) in Node: the
 * lab's pct, pveam, pvesm, vzdump, pvecm and qm (labs/image/debian/overlay-proxmox/)
 * over Debian's real LXC and corosync. Every container here is a real one: namespaces,
 * cgroup v2 limits, veth on the vmbr0 bridge, shifted ids when unprivileged.
 * The tools themselves are the site's teaching stand-ins for Proxmox's own
 * (Proxmox VE cannot run in a 32-bit emulator); what they refuse is listed
 * in content-fr/labs/commandes-proxmox.mdx.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LabVm } from '../../src/machine/index.ts';
import { Guest } from './guest.ts';

const TEMPLATE = 'debian-12-labo_12.0-1_i386.tar.gz';
const NET0 = 'name=eth0,bridge=vmbr0,ip=10.10.10.101/24,gw=10.10.10.1';

describe('image proxmox : pct, pveam, pvesm, vzdump et qm sur du vrai LXC', () => {
	let guest: Guest;
	let vm: LabVm;
	/** Runs as root through the agent; fails the test with the output when the status differs. */
	const run = async (command: string, status = 0, timeout = 60) => {
		const result = await vm.check(command, timeout);
		expect(result.status, `${command}\n---\n${result.output}`).toBe(status);
		return result.output;
	};

	beforeAll(async () => {
		guest = await Guest.boot('proxmox');
		vm = guest.vm;
	}, 120_000);

	afterAll(async () => guest?.close());

	it('l’instantané allégé : sans logind ni cron, D-Bus arrêté, et le premier systemctl de l’élève le relance', async () => {
		// Masked or stopped for the snapshot's size (labs/image/debian/recipe.yaml, variant proxmox).
		expect(await run('ps -e -o comm=')).not.toMatch(/^(systemd-logind|cron|dbus-daemon|agetty)$/m);
		// The learner's first systemctl without sudo goes through the system bus: D-Bus
		// comes back by its socket, and systemd answers on it.
		expect(await run('runuser -u eleve -- systemctl is-active labo-pve', 0, 90)).toBe('active');
		expect(await run('runuser -u eleve -- systemctl status --no-pager labo-pve', 0, 60)).toMatch(/Active: active/);
		expect(await run('pgrep -x dbus-daemon')).toMatch(/^\d+$/);
	});

	it('refuse en français ce que la syntaxe de Proxmox VE 9 ne permet pas, en disant ce que ferait un vrai hôte', async () => {
		expect(await run(`pct create 42 local:vztmpl/${TEMPLATE}`, 255)).toMatch(/vmid « 42 » invalide : un nombre entier de 100 à 999999999/);
		expect(await run(`pct create 101 local:vztmpl/${TEMPLATE} --memroy 64`, 255)).toMatch(/option inconnue pour pct create : --memroy/);
		expect(await run(`pct create 101 local:vztmpl/${TEMPLATE} --memory 8`, 255)).toMatch(/--memory : la valeur doit être au moins 16/);
		expect(await run(`pct create 101 local:vztmpl/${TEMPLATE} --net0 name=eth0,bridge=vmbr0,ip=dhcp`, 255)).toMatch(/ip=dhcp demande un serveur DHCP/);
		expect(await run(`pct create 101 local:vztmpl/${TEMPLATE} --net0 bridge=vmbr0,vlan=5`, 255)).toMatch(/clé « vlan » inconnue/);
		expect(await run(`pct create 101 local:vztmpl/${TEMPLATE} --password secret`, 255)).toMatch(/Non pris en charge dans le labo : --password/);
		expect(await run('qm start 100', 255)).toMatch(/VT-x ou AMD-V[\s\S]*Proxmox VE 9 chez toi/);
		// Nothing was written by the refused commands.
		expect(await run('ls /etc/pve/lxc | wc -l')).toBe('0');
	});

	it('télécharge le modèle, crée le conteneur 101 et écrit sa configuration au format de Proxmox', async () => {
		expect(await run('pveam available')).toMatch(new RegExp(`^system +${TEMPLATE.replaceAll('.', '\\.')}$`, 'm'));
		await run(`pveam download local ${TEMPLATE}`);
		expect(await run('pveam list local')).toContain(`local:vztmpl/${TEMPLATE}`);
		const started = performance.now();
		await run(`pct create 101 local:vztmpl/${TEMPLATE} --hostname web --memory 64 --net0 ${NET0} --rootfs local:1`);
		console.log(`pct create : ${((performance.now() - started) / 1000).toFixed(2)} s`);
		const conf = await run('cat /etc/pve/lxc/101.conf');
		expect(conf).toMatch(/^arch: i386$/m);
		expect(conf).toMatch(/^hostname: web$/m);
		expect(conf).toMatch(/^memory: 64$/m);
		expect(conf).toMatch(/^net0: name=eth0,bridge=vmbr0,gw=10\.10\.10\.1,hwaddr=BC:24:11(:[0-9A-F]{2}){3},ip=10\.10\.10\.101\/24,type=veth$/m);
		expect(conf).toMatch(/^rootfs: local:101\/vm-101-disk-0\.raw,size=1G$/m);
		expect(conf).toMatch(/^unprivileged: 1$/m);
		// Keys sorted, as Proxmox writes them.
		const keys = conf.split('\n').map((line) => line.split(':')[0]);
		expect(keys).toEqual([...keys].sort());
		expect(await run('pct list')).toMatch(/^VMID +Status +Lock +Name *\n101 +stopped +web/m);
		// The root belongs to the container's shifted root (100000), as Proxmox unpacks it.
		expect(await run('stat -c %u /var/lib/lxc/101/rootfs/bin/busybox')).toBe('100000');
	});

	it('le modèle du catalogue, non privilégié, s’extrait de sa copie décalée, BusyBox lié : même racine que par gzip et chown ; un modèle redaté ou une copie partagée modifiée prennent gzip', async () => {
		// Real: GNU tar, gzip and chown on the guest's 9p root. The template that pveam download
		// copied keeps the catalogue's date, and pct unpacks the catalogue's uncompressed copy
		// owned by 100000 (labs/image/debian/overlay-proxmox.sh), BusyBox linked to a shared copy;
		// any other archive takes gzip and chown.
		const cache = '/var/lib/vz/template/cache';
		const copy = '/usr/share/labo-pve/unprivileged/debian-12-labo_12.0-1_i386';
		const shifted = `${copy}.tar`;
		const redated = 'redate-12_1.0-1_i386.tar.gz';
		await run(`cp ${cache}/${TEMPLATE} ${cache}/${redated}`);
		await run(`pct create 160 local:vztmpl/${redated} --rootfs local:1`);
		const root = (vmid: number) =>
			run(`cd /var/lib/lxc/${vmid}/rootfs && find . -printf '%p %U:%G %m %s %l %TY-%Tm-%Td\\n' | LC_ALL=C sort && md5sum bin/busybox etc/profile`);
		const listing = await root(101);
		expect(listing).toMatch(/^\.\/bin\/busybox 100000:100000 755 \d+ {2}/m);
		expect(await root(160)).toBe(listing);
		// 101's BusyBox is the shared copy itself (a hard link); 160's, from gzip, a file of its own.
		const shared = `${copy}.shared/bin/busybox`;
		expect(await run('stat -c %i /var/lib/lxc/101/rootfs/bin/busybox')).toBe(await run(`stat -c %i ${shared}`));
		expect(await run('stat -c %h /var/lib/lxc/160/rootfs/bin/busybox')).toBe('1');
		// A container's root that writes through its link changes the shared copy: the next
		// create sees it newer than the shifted copy, takes gzip and chown, and gets BusyBox whole.
		await run(`cp -p ${shared} /root/busybox.orig && printf x >> /var/lib/lxc/101/rootfs/bin/busybox`);
		try {
			await run(`pct create 163 local:vztmpl/${TEMPLATE} --rootfs local:1`);
			expect(await run('stat -c %h /var/lib/lxc/163/rootfs/bin/busybox')).toBe('1');
			await run('cmp /root/busybox.orig /var/lib/lxc/163/rootfs/bin/busybox');
		} finally {
			await run(`cat /root/busybox.orig > ${shared} && touch -r /root/busybox.orig ${shared} && rm /root/busybox.orig`);
		}
		await run('pct destroy 163');
		// Which path each one took: with a broken shifted copy (same date), the catalogue's
		// template fails and the redated one still unpacks.
		await run(`mv ${shifted} /root/decale.tar && printf abime > ${shifted} && touch -r /root/decale.tar ${shifted}`);
		try {
			expect(await run(`pct create 161 local:vztmpl/${TEMPLATE} --rootfs local:1`, 255)).toContain('Échec de l’extraction');
			await run(`pct create 162 local:vztmpl/${redated} --rootfs local:1`);
		} finally {
			await run(`mv /root/decale.tar ${shifted}`);
		}
		await run(`pct destroy 160 && pct destroy 162 && pveam remove local:vztmpl/${redated}`);
		expect(await run('pct list')).toMatch(/^101 +stopped +web *$/m);
	});

	it('une archive tronquée : pct create échoue en le disant, et rien du conteneur ne reste', async () => {
		// Real: GNU tar and gzip on the template cut after 500 kB. Until December 2026, pct
		// answered 0 and kept CT 150 with half a root (the unpack ran in a subshell inside
		// an `if`, where set -e does not act, and only its last command counted).
		const cut = 'tronque-12_1.0-1_i386.tar.gz';
		await run(`head -c 500000 /var/lib/vz/template/cache/${TEMPLATE} > /var/lib/vz/template/cache/${cut}`);
		const out = await run(`pct create 150 local:vztmpl/${cut} --rootfs local:1`, 255);
		expect(out).toContain(`Échec de l’extraction de « local:vztmpl/${cut} » : CT 150 n’est pas créé`);
		expect(out).toContain(`pveam remove local:vztmpl/${cut} puis pveam download le remplacent`);
		expect(await run('ls /etc/pve/lxc /var/lib/lxc')).not.toMatch(/150/);
		// The id is free again, and a sound template gives a container there.
		await run(`pct create 150 local:vztmpl/${TEMPLATE} --rootfs local:1 && pct destroy 150`);
		await run(`pveam remove local:vztmpl/${cut}`);
		expect(await run('pct list')).toMatch(/^101 +stopped +web *$/m);
	});

	it('démarre le conteneur sur vmbr0 : pct exec répond, l’hôte le joint et voit ses processus', async () => {
		const started = performance.now();
		await run('pct start 101 && pct exec 101 -- true');
		console.log(`pct start → pct exec 101 -- true : ${((performance.now() - started) / 1000).toFixed(2)} s`);
		expect(await run('pct status 101')).toBe('status: running');
		expect(await run('pct exec 101 -- hostname')).toBe('web');
		expect(await run('pct exec 101 -- ip addr show eth0')).toContain('inet 10.10.10.101/24');
		// Its own network namespace, on the host's bridge through a veth.
		expect(await run('ip -o link show master vmbr0')).toContain('veth101i0');
		await run('ping -c 1 -W 5 10.10.10.101', 0, 20);
		// The container's httpd, root inside, is uid 100000 on the host.
		expect(await run('ps -o user= -C httpd | head -n 1')).toBe('100000');
		expect(await run('pct exec 101 -- id -u')).toBe('0');
	});

	it('impose la limite de mémoire du cgroup et la change à chaud avec pct set', async () => {
		expect(await run('lxc-cgroup -n 101 memory.max')).toBe(String(64 * 1024 * 1024));
		await run('pct set 101 --memory 32');
		expect(await run('lxc-cgroup -n 101 memory.max')).toBe(String(32 * 1024 * 1024));
		expect(await run('grep -x "memory: 32" /etc/pve/lxc/101.conf')).toBe('memory: 32');
		// 40 MB held by a shell inside a 32 MiB container: the kernel kills it. The shell
		// (and yes and head, its children) offer themselves first (oom_score_adj 1000, which
		// an unprivileged process may raise): once in CI a second pick after the shell took
		// the container's init, and the container stopped. yes and head, left behind,
		// complain late on stderr: silenced, or on a loaded machine their lines land in the
		// next command's output.
		const oom = await vm.check(
			"pct exec 101 -- sh -c 'echo 1000 > /proc/self/oom_score_adj; x=$(yes 2>/dev/null | head -c 40000000 2>/dev/null); echo survived'",
			60,
		);
		expect(oom.output).not.toContain('survived');
		expect(oom.status).not.toBe(0);
		const kernel = await run("dmesg | grep -E 'Killed process|oom-kill:' | tail -n 6");
		// The container itself is still there, and only the shell's side was killed.
		expect(await run('pct status 101'), kernel).toBe('status: running');
		expect(kernel).not.toMatch(/Killed process \d+ \((init|httpd)\)/);
		expect(Number(await run("lxc-cgroup -n 101 memory.events | awk '$1 == \"oom_kill\" { print $2 }'")), kernel).toBeGreaterThan(0);
		expect(await run('pct exec 101 -- echo vivant')).toBe('vivant');
	});

	it('refuse les instantanés sur le stockage dir, comme un vrai hôte', async () => {
		expect(await run('pct snapshot 101 avant', 255)).toMatch(/snapshot feature is not available[\s\S]*LVM-thin/);
	});

	it('instantanés sur lvmthin : snapshot, listsnapshot, rollback puis delsnapshot', async () => {
		// Real: a thin pool on a loop device, the container's ext4 thin volume and LVM's thin snapshots.
		await run(
			'truncate -s 64M /dev/shm/essai.img && d=$(losetup -f --show /dev/shm/essai.img) && ' +
				'pvcreate -q "$d" && vgcreate -q essai "$d" && lvcreate -q -L 40M -T essai/mince && ' +
				'pvesm add lvmthin mince --vgname essai --thinpool mince --content rootdir,images',
			0,
			90,
		);
		await run(`pct create 110 local:vztmpl/${TEMPLATE} --hostname fin --memory 32 --rootfs mince:0.1 --start 1`, 0, 110);
		// On a volume of its own, the shifted copy's BusyBox is copied, not linked (no link across filesystems).
		expect(await run('stat -c %h /var/lib/lxc/110/rootfs/bin/busybox')).toBe('1');
		await run('pct snapshot 110 avant --description "avant le fichier"', 0, 60);
		expect(await run('pct listsnapshot 110')).toMatch(/avant/);
		expect(await run('lvs --noheadings -o lv_name essai')).toMatch(/snap_vm-110-disk-0_avant/);
		await run("pct exec 110 -- sh -c 'echo apres > /root/apres.txt'");
		await run('pct rollback 110 avant --start 1', 0, 90);
		expect(await run('pct config 110')).toMatch(/^parent: avant$/m);
		await run('pct exec 110 -- test ! -e /root/apres.txt');
		await run('pct delsnapshot 110 avant', 0, 60);
		expect(await run('pct listsnapshot 110')).not.toMatch(/avant/);
		expect(await run('lvs --noheadings -o lv_name essai')).not.toMatch(/snap_/);
		expect(await run('pct delsnapshot 110 avant', 255)).toMatch(/L’instantané « avant » n’existe pas/);
		await run('pct destroy 110 --force && pvesm remove mince && vgremove -q -f essai && losetup -D && rm /dev/shm/essai.img', 0, 60);
	});

	it('sauvegarde avec vzdump, applique la rétention de Proxmox et restaure sous un nouveau vmid', async () => {
		await run("pct exec 101 -- sh -c 'echo précieux > /root/donnees.txt'");
		// Earlier backups, named as vzdump names them (the date is read from the name).
		await run(
			'date -s "2026-12-07 12:00:00" >/dev/null && cd /var/lib/vz/dump && ' +
				'for s in 2026_12_07-08_00_00 2026_12_06-12_00_00 2026_12_06-09_00_00 2026_12_05-12_00_00 2026_11_30-12_00_00 2026_11_23-12_00_00; do ' +
				'tar -cf vzdump-lxc-101-$s.tar -T /dev/null; done',
		);
		const out = await run('vzdump 101 --storage local --compress zstd --prune-backups keep-last=1,keep-daily=2,keep-weekly=2', 0, 110);
		expect(out).toContain("trying 'suspend' mode instead");
		const kept = (await run('ls /var/lib/vz/dump | grep -v "\\.log$"')).split('\n');
		// keep-last=1: the new backup (Monday 7 Dec). keep-daily=2: 7 Dec is covered, so the
		// newest of 6 Dec and 5 Dec. keep-weekly=2: ISO weeks 50 and 49 are covered (7, 6 and
		// 5 Dec; 30 Nov is a Monday of week 49), so week 48 (23 Nov). Everything else goes.
		expect(kept).toEqual([
			'vzdump-lxc-101-2026_11_23-12_00_00.tar',
			'vzdump-lxc-101-2026_12_05-12_00_00.tar',
			'vzdump-lxc-101-2026_12_06-12_00_00.tar',
			expect.stringMatching(/^vzdump-lxc-101-2026_12_07-12_0\d_\d\d\.tar\.zst$/),
		]);
		expect(await run('pct status 101')).toBe('status: running');
		const archive = kept[3];
		await run(`pct restore 102 local:backup/${archive} --hostname web-restaure --net0 name=eth0,bridge=vmbr0,ip=10.10.10.102/24`, 0, 110);
		const conf = await run('pct config 102');
		expect(conf).toMatch(/^hostname: web-restaure$/m);
		expect(conf).toMatch(/^memory: 32$/m);
		expect(conf).toMatch(/^rootfs: local:102\/vm-102-disk-0\.raw,size=4G$/m);
		await run('pct start 102');
		expect(await run('pct exec 102 -- cat /root/donnees.txt')).toBe('précieux');
		await run('ping -c 1 -W 5 10.10.10.102', 0, 20);
	});

	it('une sauvegarde qui échoue (stockage plein) : le conteneur reprend et aucune archive partielle ne reste', async () => {
		// Real: a 64 KiB tmpfs over the dump folder, so that tar fails writing (ENOSPC)
		// while CT 101 is frozen (suspend mode on a dir storage).
		await run('mount -t tmpfs -o size=64k plein /var/lib/vz/dump');
		try {
			const out = await run('vzdump 101 --storage local', 255, 110);
			expect(out).toContain('ERROR: Backup of VM 101 failed - tar a échoué');
			expect(await run('ls -A /var/lib/vz/dump')).toBe('');
			expect(await run('lxc-info -n 101 -s')).toMatch(/RUNNING/);
			await run('pct exec 101 -- true', 0, 30);
		} finally {
			await run('umount /var/lib/vz/dump');
		}
	});

	it('fait un modèle, le clone, puis détruit les conteneurs', async () => {
		await run('pct stop 102');
		await run('pct template 102');
		expect(await run('pct start 102', 255)).toMatch(/est un modèle/);
		await run('pct clone 102 103 --hostname copie --full 1');
		expect(await run('pct config 103')).toMatch(/^hostname: copie$/m);
		expect(await run('pct config 103')).not.toMatch(/^template:/m);
		expect(await run('pct destroy 101', 255)).toMatch(/est démarré : arrête-le d’abord/);
		// A boolean alone means 1, as on a real host.
		await run('pct destroy 101 --force && pct destroy 102 --purge 1 && pct destroy 103 --purge');
		expect(await run('pct list')).toBe('');
		expect(await run('ls /var/lib/lxc')).toBe('');
	});

	// Real: three corosync daemons (this host, and pve2 and pve3 in their own
	// network namespaces on vmbr0) and their votequorum. Stand-in: pvecm, which
	// reads them with corosync-quorumtool, and no pmxcfs behind /etc/pve.
	it('grappe de trois nœuds : le quorum tient à un nœud arrêté, se perd au deuxième, et bloque pct', async () => {
		// Membership changes take a few token rounds: wait for corosync's answer, up to 60 s,
		// with the image's own `attendre`, which the cluster lab's checks use as well.
		const waitFor = (test: string) => run(`/usr/local/lib/labo-pve/attendre 60 '${test}'`, 0, 70);
		const quorum = (wanted: 0 | 2) => waitFor(`{ corosync-quorumtool -s >/dev/null 2>&1; [ $? = ${wanted} ]; }`);
		const votes = (total: number) => waitFor(`corosync-quorumtool -s 2>/dev/null | grep -q "^Total votes: *${total}$"`);
		expect(await run('pvecm status', 255)).toMatch(/n’est dans aucune grappe/);
		await run('cp /usr/share/labo-pve/grappe/corosync.conf /etc/pve/corosync.conf && cp /etc/pve/corosync.conf /etc/corosync/corosync.conf');
		expect(await run('pvecm status', 255)).toMatch(/Corosync ne répond pas[\s\S]*systemctl start corosync/);
		const started = performance.now();
		await run('systemctl start labo-noeud@pve2 labo-noeud@pve3 corosync', 0, 60);
		await votes(3);
		console.log(`grappe de trois nœuds quorate ${((performance.now() - started) / 1000).toFixed(1)} s après systemctl start`);
		console.log(`corosync, mémoire résidente par nœud (Ko) : ${(await run('ps -o rss= -C corosync')).trim().split(/\s+/).join(', ')}`);
		const status = await run('pvecm status');
		expect(status).toMatch(/^Name: +alliance$/m);
		expect(status).toMatch(/^Transport: +udpu$/m);
		expect(status).toMatch(/^Quorate: +Yes$/m);
		expect(status).toMatch(/^0x00000001 +1 10\.10\.10\.1 \(local\)$/m);
		expect(await run('pvecm nodes')).toMatch(/^ +1 +1 pve \(local\)\n +2 +1 pve2\n +3 +1 pve3$/m);

		await run('systemctl stop labo-noeud@pve3');
		await votes(2);
		await quorum(0);
		await run(`pct create 101 local:vztmpl/${TEMPLATE} --hostname web --memory 32 --start 1`, 0, 120);

		await run('systemctl stop labo-noeud@pve2');
		await quorum(2);
		expect(await run('pvecm status')).toMatch(/^Quorate: +No$/m);
		expect(await run('pct set 101 --memory 64', 255)).toMatch(/no quorum\? \(500\)[\s\S]*lecture seule/);
		expect(await run('pct config 101')).toMatch(/^memory: 32$/m);
		// What runs keeps running: only /etc/pve is frozen.
		expect(await run('pct status 101')).toBe('status: running');

		await run('pvecm expected 1');
		await quorum(0);
		await run('pct set 101 --memory 64');

		await run('systemctl start labo-noeud@pve2 labo-noeud@pve3');
		await votes(3);
		// Rejoining nodes bring the expected votes back to three.
		expect(await run('pvecm status')).toMatch(/^Expected votes: +3$/m);

		await run('pct destroy 101 --force');
		await run('systemctl stop corosync labo-noeud@pve2 labo-noeud@pve3 && rm /etc/pve/corosync.conf');
		expect(await run('pct list')).toBe('');
	});
});
