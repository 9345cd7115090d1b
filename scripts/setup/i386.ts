/**
 * The guest image is Debian i386: mmdebstrap runs its maintainer scripts, so
 * this machine must execute i386 programs. Most amd64 kernels do so natively
 * (IA32 emulation); some (e.g. micro-VM kernels) do not, and then Debian's
 * qemu-user-static runs them, registered with the kernel's binfmt_misc.
 * Debian's own registration leaves i386 out on amd64 (same family), hence
 * the registration here.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';

const BINFMT = '/proc/sys/fs/binfmt_misc';
const INTERPRETER = '/usr/bin/qemu-i386-static';

/** Debian package that provides {@link INTERPRETER}. */
export const QEMU_PACKAGE = 'qemu-user-static';

/**
 * binfmt_misc line for 32-bit x86 ELF executables (ELF class 1, machine 3).
 * Flag F: the kernel opens the interpreter now, so it also works inside the
 * chroot mmdebstrap builds.
 */
export function binfmtRegistration(interpreter = INTERPRETER): string {
	const magic = '\\x7fELF\\x01\\x01\\x01\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x02\\x00\\x03\\x00';
	const mask = '\\xff\\xff\\xff\\xff\\xff\\xfe\\xfe\\x00\\xff\\xff\\xff\\xff\\xff\\xff\\xff\\xff\\xfe\\xff\\xff\\xff';
	return `:qemu-i386:M::${magic}:${mask}:${interpreter}:F`;
}

/** True when `arch-test i386` (package arch-test) says this machine runs i386 programs, natively or emulated. */
export function runsI386(): boolean {
	return spawnSync('arch-test', ['i386'], { stdio: 'ignore' }).status === 0;
}

/** True when the kernel itself runs i386 programs (`arch-test -n`: no binfmt_misc emulation counted). */
export function runsI386Natively(): boolean {
	return spawnSync('arch-test', ['-n', 'i386'], { stdio: 'ignore' }).status === 0;
}

/** Whether our registration is there, enabled, and points at an interpreter that exists. */
function registered(): boolean {
	const entry = `${BINFMT}/qemu-i386`;
	if (!existsSync(entry)) return false;
	const text = readFileSync(entry, 'utf8');
	const interpreter = /^interpreter (.+)$/m.exec(text)?.[1];
	return /^enabled$/m.test(text) && !!interpreter && existsSync(interpreter);
}

/**
 * Makes i386 programs run through qemu-user-static (root only): mounts
 * binfmt_misc if needed and registers the interpreter, replacing a stale
 * registration. Returns a French description of what was done.
 * @throws Error in French when the kernel refuses
 */
export function registerQemuI386(): string {
	if (!existsSync(`${BINFMT}/register`)) {
		const mount = spawnSync('mount', ['-t', 'binfmt_misc', 'binfmt_misc', BINFMT], { encoding: 'utf8' });
		if (mount.status !== 0) {
			throw new Error(`impossible de monter binfmt_misc sur ${BINFMT} (${mount.stderr.trim() || `code ${mount.status}`}) : le noyau doit avoir CONFIG_BINFMT_MISC pour exécuter les programmes i386 de l’image.`);
		}
	}
	if (registered()) return 'programmes i386 déjà confiés à qemu-i386-static';
	if (existsSync(`${BINFMT}/qemu-i386`)) writeFileSync(`${BINFMT}/qemu-i386`, '-1'); // stale entry: remove it first
	writeFileSync(`${BINFMT}/register`, binfmtRegistration());
	return `programmes i386 confiés à ${INTERPRETER} (binfmt_misc) : ce noyau ne les exécute pas lui-même`;
}

/**
 * For the image build: i386 programs run, natively or through a registered
 * qemu-i386-static (re-registered here when it vanished, e.g. after a
 * container's systemd-binfmt flushed binfmt_misc on shutdown).
 * @throws Error in French saying what to run
 */
export function ensureI386Runs(): void {
	if (runsI386()) return;
	if (!existsSync(INTERPRETER)) {
		throw new Error(`ce noyau n’exécute pas les programmes i386 de l’image et ${INTERPRETER} manque : lance « npm start » ou « npm test » (en root), qui installent ${QEMU_PACKAGE}, ou « apt-get install ${QEMU_PACKAGE} ».`);
	}
	if (process.getuid?.() !== 0) throw new Error('ce noyau n’exécute pas les programmes i386 de l’image : il faut les droits root pour confier ces programmes à qemu-i386-static (binfmt_misc).');
	console.log(`i386 : ${registerQemuI386()}.`);
	if (!runsI386()) throw new Error('qemu-i386-static est enregistré, mais « arch-test i386 » échoue encore : l’image ne peut pas être construite sur cette machine.');
}
