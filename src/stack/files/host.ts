/**
 * Files written on the Proxmox host. The tests pass them to `ifquery`,
 * `nft -c -f` and apt before any real use.
 */
import type { Config } from '../config.ts';
import { PROXMOX } from '../versions.ts';
import { header, proxmoxKeyPath } from './common.ts';

/** /etc/network/interfaces: the containers' bridge, as the Proxmox installer writes it. */
export function interfacesFile(c: Config): string {
	const h = c.hote;
	const bridge = h.pont;
	const lines = [`# ${header(c)}`, '# Pont des conteneurs, comme le fait l’installateur Proxmox.', 'auto lo', 'iface lo inet loopback', '', `iface ${h.interface} inet manual`, ''];
	if (h.vlan) {
		lines.push(
			`auto ${bridge}`,
			`iface ${bridge} inet manual`,
			`\tbridge-ports ${h.interface}`,
			'\tbridge-stp off',
			'\tbridge-fd 0',
			'\tbridge-vlan-aware yes',
			'\tbridge-vids 2-4094',
			'',
			`# Adresse de gestion de l’hôte dans le VLAN ${h.vlan}.`,
			`auto ${bridge}.${h.vlan}`,
			`iface ${bridge}.${h.vlan} inet static`,
			`\taddress ${h.adresse}`,
			`\tgateway ${h.passerelle}`,
			'',
		);
	} else {
		lines.push(
			`auto ${bridge}`,
			`iface ${bridge} inet static`,
			`\taddress ${h.adresse}`,
			`\tgateway ${h.passerelle}`,
			`\tbridge-ports ${h.interface}`,
			'\tbridge-stp off',
			'\tbridge-fd 0',
			'',
		);
	}
	lines.push('source /etc/network/interfaces.d/*', '');
	return lines.join('\n');
}

/** /etc/nftables.conf: only the table « alliance_boreale » is replaced. */
export function nftablesFile(c: Config): string {
	const admin = c.pare_feu.admin.join(', ');
	const peers = c.cluster?.pair ? `, ${c.cluster.pair}` : '';
	const cluster = c.cluster
		? [
				'\t\t# Corosync et réplication entre nœuds du cluster.',
				`\t\tip saddr { ${c.pare_feu.admin.join(', ')}${peers} } udp dport 5405-5412 accept`,
				`\t\tip saddr { ${c.pare_feu.admin.join(', ')}${peers} } tcp dport { 22, 8006, 60000-60050 } accept`,
			]
		: [];
	return [
		'#!/usr/sbin/nft -f',
		`# ${header(c)}`,
		'# Seule la table « alliance_boreale » est remplacée : les autres règles restent.',
		'table inet alliance_boreale',
		'delete table inet alliance_boreale',
		'',
		'table inet alliance_boreale {',
		'\tchain entree {',
		'\t\ttype filter hook input priority filter; policy drop;',
		'\t\tct state established,related accept',
		'\t\tct state invalid drop',
		'\t\tiifname "lo" accept',
		'\t\tmeta l4proto { icmp, ipv6-icmp } accept',
		'\t\t# SSH et interface web Proxmox (8006) depuis les réseaux d’administration.',
		`\t\tip saddr { ${admin} } tcp dport { 22, 8006 } accept`,
		...cluster,
		'\t}',
		'}',
		'',
	].join('\n');
}

/** deb822 source of the Proxmox VE no-subscription repository. */
export function proxmoxSources(c: Config): string {
	const p = PROXMOX[c.hote.debian];
	return [
		`# ${header(c)}`,
		`# Proxmox VE ${p.pve} sans abonnement, d’après la procédure officielle « Install Proxmox VE on Debian ${c.hote.debian} ».`,
		'Types: deb',
		'URIs: http://download.proxmox.com/debian/pve',
		`Suites: ${p.suite}`,
		'Components: pve-no-subscription',
		`Signed-By: ${proxmoxKeyPath(c)}`,
		'',
	].join('\n');
}

/** debconf answers: Postfix « local only », as the Proxmox procedure advises without a mail server. */
export function postfixDebconf(c: Config): string {
	return [
		`postfix postfix/main_mailer_type select Local only`,
		`postfix postfix/mailname string ${c.hote.nom}.${c.site.domaine}`,
		'',
	].join('\n');
}

/** apt's periodic settings that turn unattended-upgrades on. */
export function autoUpgrades(): string {
	return ['// Mises à jour de sécurité automatiques (Alliance Boréale).', 'APT::Periodic::Update-Package-Lists "1";', 'APT::Periodic::Unattended-Upgrade "1";', ''].join('\n');
}

/** unattended-upgrades: Debian security only, mail on error, no automatic reboot. */
export function unattendedUpgradesLocal(c: Config): string {
	return [
		`// ${header(c)}`,
		'// Seules les origines de sécurité de Debian (réglage par défaut) sont suivies ;',
		'// Proxmox se met à jour à la main, après lecture des notes de version.',
		`Unattended-Upgrade::Mail "${c.site.contact}";`,
		'Unattended-Upgrade::MailReport "only-on-error";',
		'Unattended-Upgrade::Automatic-Reboot "false";',
		'',
	].join('\n');
}

/** The admins' public keys, one per line. */
export function sshKeys(c: Config): string {
	return `${c.ssh.cles.join('\n')}\n`;
}
