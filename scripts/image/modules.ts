/**
 * Kernel modules of Debian's linux-image package: index, dependency closure,
 * and the subset copied into the guest's /lib/modules so that the kernel's
 * own autoloading (modprobe) works for nftables, bridges, VLANs, loop, LVM…
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';

export interface ModuleIndex {
	/** `lib/modules/<version>` inside the extracted package. */
	root: string;
	version: string;
	/** Module name (dashes as underscores) → absolute path of its .ko. */
	byName: Map<string, string>;
}

function walk(dir: string, out: string[] = []): string[] {
	for (const entry of readdirSync(dir, { withFileTypes: true })) {
		const full = join(dir, entry.name);
		if (entry.isDirectory()) walk(full, out);
		else if (entry.name.endsWith('.ko')) out.push(full);
	}
	return out;
}

const key = (name: string) => name.replaceAll('-', '_');

export function indexModules(extractDir: string, version: string): ModuleIndex {
	const root = join(extractDir, 'lib/modules', version);
	const byName = new Map<string, string>();
	for (const file of walk(join(root, 'kernel'))) byName.set(key(file.slice(file.lastIndexOf('/') + 1, -3)), file);
	return { root, version, byName };
}

/** `depends=` of a .ko, read from its .modinfo strings. */
function moduleDeps(ko: Buffer): string[] {
	const m = ko.toString('latin1').match(/depends=([^\0]*)\0/);
	return m && m[1] ? m[1].split(',').filter(Boolean) : [];
}

/** The modules and everything they depend on, dependencies first. */
export function withDependencies(index: ModuleIndex, names: string[]): string[] {
	const order: string[] = [];
	const visit = (name: string) => {
		const k = key(name);
		if (order.includes(k)) return;
		const file = index.byName.get(k);
		if (!file) throw new Error(`module ${name} absent du noyau ${index.version}`);
		for (const dep of moduleDeps(readFileSync(file))) visit(dep);
		order.push(k);
	};
	for (const n of names) visit(n);
	return order;
}

/**
 * Copies the modules selected by `patterns` (paths under `kernel/`: a
 * directory or a `.ko`) and their dependencies into `rootDir`, then runs the
 * guest's own depmod. Returns the number of modules installed.
 */
export function installGuestModules(index: ModuleIndex, rootDir: string, patterns: string[]): number {
	if (patterns.length === 0) return 0;
	const selected: string[] = [];
	for (const pattern of patterns) {
		const path = join(index.root, 'kernel', pattern);
		if (!existsSync(path)) {
			throw new Error(`kernelModules : « ${pattern} » absent de kernel/ dans le noyau ${index.version}`);
		}
		const files = statSync(path).isDirectory() ? walk(path) : [path];
		for (const f of files) selected.push(f.slice(f.lastIndexOf('/') + 1, -3));
	}
	const names = withDependencies(index, selected);
	const target = join(rootDir, 'lib/modules', index.version);
	for (const name of names) {
		const from = index.byName.get(name)!;
		const to = join(target, relative(index.root, from));
		mkdirSync(dirname(to), { recursive: true });
		copyFileSync(from, to);
	}
	// depmod needs to know what is built in and the upstream order.
	for (const f of ['modules.builtin', 'modules.builtin.modinfo', 'modules.order']) {
		if (existsSync(join(index.root, f))) copyFileSync(join(index.root, f), join(target, f));
	}
	try {
		execFileSync('chroot', [rootDir, '/sbin/depmod', index.version], { stdio: ['ignore', 'ignore', 'pipe'] });
	} catch (error) {
		throw new Error(
			`depmod a échoué dans l’image (le paquet kmod est-il dans « packages » ?) : ${(error as Error).message}`,
		);
	}
	return names.length;
}
