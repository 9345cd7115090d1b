/**
 * The host's files, defined once: the bundle writes each under
 * `fichiers/hote/…`, and the plan installs those that have a destination
 * (checked by their sha256, so an unchanged file is « déjà en place »).
 */
import type { Config } from '../config.ts';
import { autoUpgrades, interfacesFile, nftablesFile, postfixDebconf, proxmoxSources, sshKeys, unattendedUpgradesLocal } from './host.ts';

export interface HostFile {
	/** Path inside the bundle. */
	path: string;
	/** Where `apply` installs it, and with which mode; absent for files only read by commands. */
	install?: { dest: string; mode: '0644' | '0755' };
	content: (c: Config) => string;
}

/** Bundle paths of the files only read by commands (SSH keys, debconf answers). */
export const SSH_KEYS_FILE = 'fichiers/hote/cles-ssh.pub';
export const POSTFIX_DEBCONF_FILE = 'fichiers/hote/debconf-postfix.txt';

const installed = (dest: string, mode: '0644' | '0755', content: (c: Config) => string): HostFile => ({ path: `fichiers/hote${dest}`, install: { dest, mode }, content });

export const HOST_FILES: readonly HostFile[] = [
	installed('/etc/hostname', '0644', (c) => `${c.hote.nom}\n`),
	installed('/etc/network/interfaces', '0644', interfacesFile),
	installed('/etc/nftables.conf', '0755', nftablesFile),
	installed('/etc/apt/sources.list.d/proxmox.sources', '0644', proxmoxSources),
	installed('/etc/apt/apt.conf.d/20auto-upgrades', '0644', () => autoUpgrades()),
	installed('/etc/apt/apt.conf.d/52alliance-boreale', '0644', unattendedUpgradesLocal),
	{ path: POSTFIX_DEBCONF_FILE, content: postfixDebconf },
	{ path: SSH_KEYS_FILE, content: sshKeys },
];

/** The host file installed at `dest` (throws on a typo: the table is the only definition). */
export function hostFile(dest: string): HostFile & { install: NonNullable<HostFile['install']> } {
	const f = HOST_FILES.find((x) => x.install?.dest === dest);
	if (!f?.install) throw new Error(`no host file for ${dest}`);
	return f as HostFile & { install: NonNullable<HostFile['install']> };
}
