/** config/site.env: the values the bash scripts read (host and containers). */
import type { Config } from '../config.ts';
import { PROXMOX, APT_REPOSITORIES, DEFAULT_DEBIAN_MIRROR } from '../versions.ts';
import { splitCidr } from '../ip.ts';
import { shellQuote } from '../../text/shell-quote.ts';
import { archive, header } from './common.ts';
import { phpVersion } from './nextcloud.ts';

/** Read-only exported bash constant, quoted (shellcheck knows it is used elsewhere). */
export function bashConstant(name: string, value: string | number): string {
	return `declare -rx ${name}=${shellQuote(value)}`;
}

/**
 * Names the proxy's certificate covers: every published service, or the
 * proxy's own name on a proxy-only site (openssl refuses an empty subjectAltName).
 */
export function publicNames(c: Config): string[] {
	const names = c.services.filter((s) => s.service !== 'proxy').map((s) => s.fqdn);
	return names.length > 0 ? names : c.services.filter((s) => s.service === 'proxy').map((s) => s.fqdn);
}

/** Values read by the scripts (host and containers), as bash. */
export function siteEnv(c: Config): string {
	const p = PROXMOX[c.hote.debian];
	const lines: string[] = [
		'# shellcheck shell=bash',
		`# ${header(c)}`,
		'# Aucune valeur secrète ici : les secrets sont des fichiers 0600 à part.',
		bashConstant('AB_SITE', c.site.nom),
		bashConstant('AB_DOMAINE', c.site.domaine),
		bashConstant('AB_FUSEAU', c.site.fuseau),
		bashConstant('AB_CONTACT', c.site.contact),
		bashConstant('AB_DEBIAN', c.hote.debian),
		bashConstant('AB_SUITE', p.suite),
		bashConstant('AB_PVE', p.pve),
		bashConstant('AB_HOTE', c.hote.nom),
		bashConstant('AB_HOTE_IP', splitCidr(c.hote.adresse).address),
		bashConstant('AB_MEMOIRE_HOTE', c.hote.memoire),
		bashConstant('AB_MIROIR', c.hote.miroir ?? DEFAULT_DEBIAN_MIRROR),
		bashConstant('AB_STOCKAGE_SAUVEGARDES', c.sauvegardes.pbs ? c.sauvegardes.pbs.stockage : c.stockage.sauvegardes),
		bashConstant('AB_STOCKAGE_CONTENEURS', c.stockage.conteneurs),
		bashConstant('AB_SAUVEGARDES_LOCALES', c.sauvegardes.pbs ? 0 : 1),
		bashConstant('AB_TLS_MODE', c.tls.mode),
		bashConstant('AB_TLS_COURRIEL', c.tls.courriel ?? c.site.contact),
		bashConstant('AB_PHP', phpVersion(c)),
		bashConstant('AB_CONTENEURS', c.services.map((s) => s.id).join(' ')),
		bashConstant('AB_SERVICES', c.services.map((s) => `${s.id}:${s.service}`).join(' ')),
		bashConstant('AB_NOMS_PUBLICS', publicNames(c).join(' ')),
	];
	for (const s of c.services) {
		const T = s.service.toUpperCase();
		lines.push(bashConstant(`AB_${T}_FQDN`, s.fqdn), bashConstant(`AB_${T}_IP`, s.ip), bashConstant(`AB_${T}_ID`, s.id));
	}
	for (const which of ['nextcloud', 'element'] as const) {
		const a = archive(c, which);
		const T = which.toUpperCase();
		lines.push(bashConstant(`AB_${T}_ARCHIVE`, a.file), bashConstant(`AB_${T}_SHA256`, a.sha256));
	}
	for (const [name, d] of Object.entries(APT_REPOSITORIES)) {
		const T = name.toUpperCase();
		// A mirror (versions.depots) replaces where the packages and key come from, never the pins.
		const m = c.versions?.depots?.[name as keyof typeof APT_REPOSITORIES];
		lines.push(
			bashConstant(`AB_${T}_CLE_URL`, m?.cle ?? d.key),
			bashConstant(`AB_${T}_EMPREINTE`, m?.empreinte ?? d.fingerprint),
			bashConstant(`AB_${T}_URIS`, m?.uris ?? d.uris),
			bashConstant(`AB_${T}_SUITES`, (m?.suites ?? d.suites).replace('$SUITE', p.suite)),
			bashConstant(`AB_${T}_COMPOSANTS`, m?.composants ?? d.components),
			bashConstant(`AB_${T}_PAQUETS`, d.packages.join(' ')),
			bashConstant(`AB_${T}_VERSION`, d.version),
			bashConstant(`AB_${T}_EPINGLES`, Object.entries(d.pins).map(([pkg, v]) => `${pkg}=${v}`).join(' ')),
		);
	}
	return `${lines.join('\n')}\n`;
}
