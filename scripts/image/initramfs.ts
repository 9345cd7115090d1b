/**
 * Kernel, SeaBIOS and initramfs from the Debian packages the customize hook
 * downloaded (side-debs): nothing comes from outside Debian.
 */
import { execFileSync } from 'node:child_process';
import { chmodSync, copyFileSync, mkdirSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

/** What the root on 9p and the ne2k network card need, in load order after deps. */
export const INITRAMFS_MODULES = ['virtio_pci', '9pnet_virtio', '9p', 'ne2k-pci'];

function findDeb(dir: string, prefix: string): string {
	const name = readdirSync(dir).find((f) => f.startsWith(prefix) && f.endsWith('.deb'));
	if (!name) throw new Error(`paquet ${prefix}* absent de ${dir} (téléchargement Debian incomplet)`);
	return join(dir, name);
}

/** `depends=` of a .ko, read from its .modinfo strings. */
function moduleDeps(ko: Buffer): string[] {
	const m = ko.toString('latin1').match(/depends=([^\0]*)\0/);
	return m && m[1] ? m[1].split(',').filter(Boolean) : [];
}

export interface BootFiles {
	kernel: string;
	kernelVersion: string;
	bios: string;
	vgaBios: string;
	initrd: string;
	modules: string[];
}

export function buildBootFiles(sideDebs: string, initScript: string, work: string, outDir: string): BootFiles {
	const extract = join(work, 'extract');
	rmSync(extract, { recursive: true, force: true });
	mkdirSync(extract, { recursive: true });
	for (const prefix of ['linux-image-', 'seabios_', 'busybox-static_']) {
		execFileSync('dpkg-deb', ['-x', findDeb(sideDebs, prefix), extract]);
	}
	const vmlinuz = readdirSync(join(extract, 'boot')).find((f) => f.startsWith('vmlinuz-'));
	if (!vmlinuz) throw new Error('noyau vmlinuz absent du paquet linux-image');
	const kernelVersion = vmlinuz.slice('vmlinuz-'.length);

	// Index every module by name (dashes and underscores are the same to the kernel).
	const modRoot = join(extract, 'lib/modules', kernelVersion, 'kernel');
	const byName = new Map<string, string>();
	const walk = (dir: string) => {
		for (const entry of readdirSync(dir, { withFileTypes: true })) {
			const full = join(dir, entry.name);
			if (entry.isDirectory()) walk(full);
			else if (entry.name.endsWith('.ko')) byName.set(entry.name.slice(0, -3).replaceAll('-', '_'), full);
		}
	};
	walk(modRoot);
	const order: string[] = [];
	const visit = (name: string) => {
		const key = name.replaceAll('-', '_');
		if (order.includes(key)) return;
		const file = byName.get(key);
		if (!file) throw new Error(`module ${name} absent du noyau ${kernelVersion}`);
		for (const dep of moduleDeps(readFileSync(file))) visit(dep);
		order.push(key);
	};
	for (const m of INITRAMFS_MODULES) visit(m);

	const tree = join(work, 'initramfs');
	rmSync(tree, { recursive: true, force: true });
	for (const d of ['bin', 'dev', 'proc', 'sys', 'modules', 'newroot']) mkdirSync(join(tree, d), { recursive: true });
	copyFileSync(join(extract, 'bin/busybox'), join(tree, 'bin/busybox'));
	chmodSync(join(tree, 'bin/busybox'), 0o755);
	symlinkSync('busybox', join(tree, 'bin/sh')); // for the #!/bin/sh of /init
	copyFileSync(initScript, join(tree, 'init'));
	chmodSync(join(tree, 'init'), 0o755);
	for (const key of order) copyFileSync(byName.get(key)!, join(tree, 'modules', `${key}.ko`));
	writeFileSync(join(tree, 'modules/order'), order.map((k) => `${k}.ko`).join('\n') + '\n');
	const cpio = execFileSync('sh', ['-c', 'find . | LC_ALL=C sort | cpio --quiet -o -H newc -R 0:0'], {
		cwd: tree,
		maxBuffer: 256 << 20,
	});

	mkdirSync(outDir, { recursive: true });
	copyFileSync(join(extract, 'boot', vmlinuz), join(outDir, 'vmlinuz'));
	copyFileSync(join(extract, 'usr/share/seabios/bios.bin'), join(outDir, 'bios.bin'));
	copyFileSync(join(extract, 'usr/share/seabios/vgabios-stdvga.bin'), join(outDir, 'vgabios.bin'));
	writeFileSync(join(outDir, 'initrd.img'), gzipSync(cpio, { level: 9 }));
	return {
		kernel: 'vmlinuz',
		kernelVersion,
		bios: 'bios.bin',
		vgaBios: 'vgabios.bin',
		initrd: 'initrd.img',
		modules: order,
	};
}
