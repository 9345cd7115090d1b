/**
 * Kernel, SeaBIOS and initramfs from the Debian packages the customize hook
 * downloaded (side-debs): nothing comes from outside Debian.
 */
import { execFileSync } from 'node:child_process';
import { chmodSync, copyFileSync, mkdirSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { indexModules, withDependencies } from './modules.ts';
import type { ModuleIndex } from './modules.ts';

/** What the root on 9p and the ne2k network card need, in load order after deps. */
export const INITRAMFS_MODULES = ['virtio_pci', '9pnet_virtio', '9p', 'ne2k-pci'];

function findDeb(dir: string, prefix: string): string {
	const name = readdirSync(dir).find((f) => f.startsWith(prefix) && f.endsWith('.deb'));
	if (!name) throw new Error(`paquet ${prefix}* absent de ${dir} (téléchargement Debian incomplet)`);
	return join(dir, name);
}

export interface BootFiles {
	kernel: string;
	kernelVersion: string;
	bios: string;
	vgaBios: string;
	initrd: string;
	modules: string[];
	/** Every module of the kernel package, for the guest's /lib/modules. */
	moduleIndex: ModuleIndex;
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

	const modules = indexModules(extract, kernelVersion);
	const order = withDependencies(modules, INITRAMFS_MODULES);

	const tree = join(work, 'initramfs');
	rmSync(tree, { recursive: true, force: true });
	for (const d of ['bin', 'dev', 'proc', 'sys', 'modules', 'newroot']) mkdirSync(join(tree, d), { recursive: true });
	copyFileSync(join(extract, 'bin/busybox'), join(tree, 'bin/busybox'));
	chmodSync(join(tree, 'bin/busybox'), 0o755);
	symlinkSync('busybox', join(tree, 'bin/sh')); // for the #!/bin/sh of /init
	copyFileSync(initScript, join(tree, 'init'));
	chmodSync(join(tree, 'init'), 0o755);
	for (const key of order) copyFileSync(modules.byName.get(key)!, join(tree, 'modules', `${key}.ko`));
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
		moduleIndex: modules,
	};
}
