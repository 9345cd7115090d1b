/**
 * Fichiers de configuration produits pour l'hôte et les conteneurs.
 * Ils sont écrits tels quels dans le paquet (`fichiers/…`) : les tests les
 * passent à `nginx -t`, `nft -c -f`, `ifquery` et apt avant tout usage réel.
 */
import type { Config, ServiceNormalise } from './config.ts';
import { CATALOGUE } from './services/catalogue.ts';
import { PROXMOX, DEPOTS, ARCHIVES, MIROIR_DEBIAN_DEFAUT } from './versions.ts';
import { separerCidr } from './ip.ts';
import { affectation } from './shell-quote.ts';

const ENTETE = (c: Config) => `Généré par Alliance Boréale pour le site « ${c.site.nom} » — ne pas modifier à la main : relance « deploy.sh apply ».`;

/** Chemin du certificat servi par le mandataire (un seul certificat multi-noms). */
export const CERT_DIR = '/etc/ssl/alliance-boreale';

export function cheminCleProxmox(c: Config): string {
	return c.hote.debian === 12 ? '/usr/share/keyrings/proxmox-release-bookworm.gpg' : '/usr/share/keyrings/proxmox-archive-keyring.gpg';
}

export function modele(c: Config): string {
	return c.versions?.modele ?? PROXMOX[c.hote.debian].modele;
}

export function archive(c: Config, quoi: 'nextcloud' | 'element') {
	const base = ARCHIVES[quoi];
	const r = c.versions?.[quoi];
	const url = r?.url ?? base.url;
	return { url, sha256: r?.sha256 ?? base.somme, fichier: url.split('/').pop() as string, source: r ? 'configuration du site (versions)' : base.source };
}

export function interfaces(c: Config): string {
	const h = c.hote;
	const pont = h.pont;
	const lignes = [`# ${ENTETE(c)}`, '# Pont des conteneurs, comme le fait l’installateur Proxmox.', 'auto lo', 'iface lo inet loopback', '', `iface ${h.interface} inet manual`, ''];
	if (h.vlan) {
		lignes.push(
			`auto ${pont}`,
			`iface ${pont} inet manual`,
			`\tbridge-ports ${h.interface}`,
			'\tbridge-stp off',
			'\tbridge-fd 0',
			'\tbridge-vlan-aware yes',
			'\tbridge-vids 2-4094',
			'',
			`# Adresse de gestion de l’hôte dans le VLAN ${h.vlan}.`,
			`auto ${pont}.${h.vlan}`,
			`iface ${pont}.${h.vlan} inet static`,
			`\taddress ${h.adresse}`,
			`\tgateway ${h.passerelle}`,
			'',
		);
	} else {
		lignes.push(
			`auto ${pont}`,
			`iface ${pont} inet static`,
			`\taddress ${h.adresse}`,
			`\tgateway ${h.passerelle}`,
			`\tbridge-ports ${h.interface}`,
			'\tbridge-stp off',
			'\tbridge-fd 0',
			'',
		);
	}
	lignes.push('source /etc/network/interfaces.d/*', '');
	return lignes.join('\n');
}

export function nftables(c: Config): string {
	const admin = c.pare_feu.admin.join(', ');
	const pairs = c.cluster?.pair ? `, ${c.cluster.pair}` : '';
	const cluster = c.cluster
		? [
				'\t\t# Corosync et réplication entre nœuds du cluster.',
				`\t\tip saddr { ${c.pare_feu.admin.join(', ')}${pairs} } udp dport 5405-5412 accept`,
				`\t\tip saddr { ${c.pare_feu.admin.join(', ')}${pairs} } tcp dport { 22, 8006, 60000-60050 } accept`,
			]
		: [];
	return [
		'#!/usr/sbin/nft -f',
		`# ${ENTETE(c)}`,
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

export function sourcesProxmox(c: Config): string {
	const p = PROXMOX[c.hote.debian];
	return [
		`# ${ENTETE(c)}`,
		`# Proxmox VE ${p.pve} sans abonnement, d’après la procédure officielle « Install Proxmox VE on Debian ${c.hote.debian} ».`,
		'Types: deb',
		'URIs: http://download.proxmox.com/debian/pve',
		`Suites: ${p.suite}`,
		'Components: pve-no-subscription',
		`Signed-By: ${cheminCleProxmox(c)}`,
		'',
	].join('\n');
}

/** Réponses debconf : Postfix en « local only », comme le recommande la procédure Proxmox sans serveur de courrier. */
export function debconfPostfix(c: Config): string {
	return [
		`postfix postfix/main_mailer_type select Local only`,
		`postfix postfix/mailname string ${c.hote.nom}.${c.site.domaine}`,
		'',
	].join('\n');
}

export function autoUpgrades(): string {
	return ['// Mises à jour de sécurité automatiques (Alliance Boréale).', 'APT::Periodic::Update-Package-Lists "1";', 'APT::Periodic::Unattended-Upgrade "1";', ''].join('\n');
}

export function unattendedLocal(c: Config): string {
	return [
		`// ${ENTETE(c)}`,
		'// Seules les origines de sécurité de Debian (réglage par défaut) sont suivies ;',
		'// Proxmox se met à jour à la main, après lecture des notes de version.',
		`Unattended-Upgrade::Mail "${c.site.contact}";`,
		'Unattended-Upgrade::MailReport "only-on-error";',
		'Unattended-Upgrade::Automatic-Reboot "false";',
		'',
	].join('\n');
}

export function clesSsh(c: Config): string {
	return `${c.ssh.cles.join('\n')}\n`;
}

/* ---------- mandataire inverse (conteneur proxy) ---------- */

function listen(c: Config): string[] {
	// nginx 1.25.1+ (Debian 13) remplace « listen … http2 » par la directive « http2 on ».
	return c.hote.debian === 13 ? ['\tlisten 443 ssl;', '\tlisten [::]:443 ssl;', '\thttp2 on;'] : ['\tlisten 443 ssl http2;', '\tlisten [::]:443 ssl http2;'];
}

function tlsCommun(): string[] {
	return [
		`\tssl_certificate ${CERT_DIR}/fullchain.pem;`,
		`\tssl_certificate_key ${CERT_DIR}/privkey.pem;`,
		'\tssl_protocols TLSv1.2 TLSv1.3;',
		'\tssl_session_cache shared:alliance_boreale:10m;',
		'\tadd_header Strict-Transport-Security "max-age=31536000" always;',
	];
}

function entetesProxy(websocket: boolean): string[] {
	const l = [
		'\t\tproxy_set_header Host $host;',
		'\t\tproxy_set_header X-Real-IP $remote_addr;',
		'\t\tproxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;',
		'\t\tproxy_set_header X-Forwarded-Proto https;',
	];
	if (websocket) l.push('\t\tproxy_http_version 1.1;', '\t\tproxy_set_header Upgrade $http_upgrade;', '\t\tproxy_set_header Connection $connection_upgrade;');
	return l;
}

/** Configuration commune du mandataire : redirection HTTP → HTTPS et défi ACME. */
export function nginxProxyCommun(c: Config): string {
	return [
		`# ${ENTETE(c)}`,
		'map $http_upgrade $connection_upgrade {',
		'\tdefault upgrade;',
		"\t'' close;",
		'}',
		'',
		'server {',
		'\tlisten 80 default_server;',
		'\tlisten [::]:80 default_server;',
		'\tserver_name _;',
		'\t# Défi HTTP-01 de Let’s Encrypt, servi avant toute redirection.',
		'\tlocation /.well-known/acme-challenge/ {',
		'\t\troot /var/www/acme;',
		'\t}',
		'\t# Certificat de l’autorité locale (mode « interne ») à installer sur les postes.',
		'\tlocation = /autorite-locale.crt {',
		'\t\troot /var/www/acme;',
		'\t\tdefault_type application/x-x509-ca-cert;',
		'\t}',
		'\tlocation / {',
		'\t\treturn 301 https://$host$request_uri;',
		'\t}',
		'}',
		'',
	].join('\n');
}

/** Hôte virtuel du mandataire pour un service. */
export function nginxVhost(c: Config, s: ServiceNormalise): string {
	const def = CATALOGUE[s.service];
	const l = [`# ${ENTETE(c)}`, `# ${def.titre} → conteneur ${s.id} (${s.ip})`, 'server {', ...listen(c), `\tserver_name ${s.fqdn};`, ...tlsCommun()];
	const amont = `http://${s.ip}:${def.port}`;
	switch (s.service) {
		case 'nextcloud':
			l.push('\t# Envois de gros fichiers : Nextcloud découpe au-delà, mais pas les clients WebDAV.', '\tclient_max_body_size 10G;', '\tproxy_request_buffering off;', '\tlocation / {', `\t\tproxy_pass ${amont};`, ...entetesProxy(false), '\t}');
			break;
		case 'collabora':
			l.push('\tclient_max_body_size 512M;', '\tlocation / {', `\t\tproxy_pass ${amont};`, ...entetesProxy(true), '\t\tproxy_read_timeout 36000s;', '\t}');
			break;
		case 'synapse':
			l.push(
				'\tclient_max_body_size 100M;',
				'\t# API Matrix vers Synapse, le reste vers le client web Element.',
				'\tlocation ~ ^(/_matrix|/_synapse/client) {',
				`\t\tproxy_pass ${amont};`,
				...entetesProxy(false),
				'\t}',
				'\tlocation / {',
				`\t\tproxy_pass http://${s.ip}:8080;`,
				...entetesProxy(false),
				'\t}',
			);
			break;
		case 'jitsi':
			l.push(
				'\t# Jitsi garde son propre nginx (HTTPS auto-signé) : on le relaie tel quel.',
				'\tlocation / {',
				`\t\tproxy_pass https://${s.ip}:443;`,
				'\t\tproxy_ssl_verify off;',
				...entetesProxy(true),
				'\t\tproxy_read_timeout 900s;',
				'\t}',
			);
			break;
		default:
			break;
	}
	l.push('}', '');
	return l.join('\n');
}

/* ---------- Nextcloud ---------- */

export function phpVersion(c: Config): string {
	return c.hote.debian === 12 ? '8.2' : '8.4';
}

/** nginx interne du conteneur Nextcloud (PHP-FPM), d'après la documentation d'administration Nextcloud. */
export function nginxNextcloud(c: Config, s: ServiceNormalise): string {
	const php = phpVersion(c);
	return [
		`# ${ENTETE(c)}`,
		'upstream php-handler {',
		`\tserver unix:/run/php/php${php}-fpm.sock;`,
		'}',
		'',
		'server {',
		'\tlisten 80;',
		`\tserver_name ${s.fqdn};`,
		'\troot /var/www/nextcloud;',
		'\tindex index.php index.html /index.php$request_uri;',
		'\tclient_max_body_size 10G;',
		'\tclient_body_timeout 300s;',
		'\tfastcgi_buffers 64 4K;',
		'\tadd_header Referrer-Policy "no-referrer" always;',
		'\tadd_header X-Content-Type-Options "nosniff" always;',
		'\tadd_header X-Frame-Options "SAMEORIGIN" always;',
		'\tadd_header X-Robots-Tag "noindex, nofollow" always;',
		'\tfastcgi_hide_header X-Powered-By;',
		'',
		'\tlocation = /robots.txt { allow all; log_not_found off; access_log off; }',
		'\tlocation ^~ /.well-known {',
		'\t\tlocation = /.well-known/carddav { return 301 /remote.php/dav/; }',
		'\t\tlocation = /.well-known/caldav  { return 301 /remote.php/dav/; }',
		'\t\treturn 301 /index.php$request_uri;',
		'\t}',
		'\tlocation ~ ^/(?:build|tests|config|lib|3rdparty|templates|data)(?:$|/) { return 404; }',
		'\tlocation ~ ^/(?:\\.|autotest|occ|issue|indie|db_|console) { return 404; }',
		'',
		'\tlocation ~ \\.php(?:$|/) {',
		'\t\trewrite ^/(?!index|remote|public|cron|core\\/ajax\\/update|status|ocs\\/v[12]|updater\\/.+|ocs-provider\\/.+|.+\\/richdocumentscode(_arm64)?\\/proxy) /index.php$request_uri;',
		'\t\tfastcgi_split_path_info ^(.+?\\.php)(/.*)$;',
		'\t\tset $path_info $fastcgi_path_info;',
		'\t\ttry_files $fastcgi_script_name =404;',
		'\t\tinclude fastcgi_params;',
		'\t\tfastcgi_param SCRIPT_FILENAME $document_root$fastcgi_script_name;',
		'\t\tfastcgi_param PATH_INFO $path_info;',
		'\t\tfastcgi_param HTTPS on;',
		'\t\tfastcgi_param modHeadersAvailable true;',
		'\t\tfastcgi_param front_controller_active true;',
		'\t\tfastcgi_pass php-handler;',
		'\t\tfastcgi_intercept_errors on;',
		'\t\tfastcgi_request_buffering off;',
		'\t\tfastcgi_read_timeout 300s;',
		'\t}',
		'\tlocation ~ \\.(?:css|js|mjs|svg|gif|ico|jpg|png|webp|wasm|tflite|map|ogg|flac)$ {',
		'\t\ttry_files $uri /index.php$request_uri;',
		'\t\texpires 6M;',
		'\t\taccess_log off;',
		'\t}',
		'\tlocation ~ \\.(otf|woff2?)$ {',
		'\t\ttry_files $uri /index.php$request_uri;',
		'\t\texpires 7d;',
		'\t\taccess_log off;',
		'\t}',
		'\tlocation /remote {',
		'\t\treturn 301 /remote.php$request_uri;',
		'\t}',
		'\tlocation / {',
		'\t\ttry_files $uri $uri/ /index.php$request_uri;',
		'\t}',
		'}',
		'',
	].join('\n');
}

/* ---------- Synapse + Element ---------- */

export function synapseConf(c: Config, s: ServiceNormalise, proxy: ServiceNormalise | undefined): string {
	return [
		`# ${ENTETE(c)}`,
		`public_baseurl: "https://${s.fqdn}/"`,
		'listeners:',
		'  - port: 8008',
		'    type: http',
		'    tls: false',
		"    bind_addresses: ['0.0.0.0']",
		'    x_forwarded: true',
		'    resources:',
		'      - names: [client, federation]',
		'        compress: false',
		'enable_registration: false',
		'report_stats: false',
		'database:',
		'  name: psycopg2',
		'  args:',
		'    user: matrix-synapse',
		'    dbname: synapse',
		'    host: /var/run/postgresql',
		'    cp_min: 2',
		'    cp_max: 10',
		...(proxy ? [`# Le mandataire (${proxy.ip}) fournit l’adresse réelle des clients (X-Forwarded-For).`] : []),
		'',
	].join('\n');
}

export function elementConfig(s: ServiceNormalise): string {
	return `${JSON.stringify(
		{
			default_server_config: { 'm.homeserver': { base_url: `https://${s.fqdn}`, server_name: s.fqdn } },
			disable_custom_urls: true,
			disable_guests: true,
			brand: 'Element',
			default_country_code: 'CA',
			setting_defaults: { language: 'fr' },
			show_labs_settings: false,
		},
		null,
		2,
	)}\n`;
}

export function nginxElement(c: Config): string {
	return [
		`# ${ENTETE(c)}`,
		'# Client web Element, servi en HTTP au mandataire seulement.',
		'server {',
		'\tlisten 8080;',
		'\troot /var/www/element;',
		'\tindex index.html;',
		'\tadd_header X-Frame-Options SAMEORIGIN;',
		'\tadd_header X-Content-Type-Options nosniff;',
		'\tadd_header Content-Security-Policy "frame-ancestors \'self\'";',
		'\tlocation / {',
		'\t\ttry_files $uri $uri/ =404;',
		'\t}',
		'}',
		'',
	].join('\n');
}

/** Valeurs lues par les scripts (hôte et conteneurs), en bash. */
export function siteEnv(c: Config): string {
	const p = PROXMOX[c.hote.debian];
	const l: string[] = [
		'# shellcheck shell=bash',
		`# ${ENTETE(c)}`,
		'# Aucune valeur secrète ici : les secrets sont des fichiers 0600 à part.',
		affectation('AB_SITE', c.site.nom),
		affectation('AB_DOMAINE', c.site.domaine),
		affectation('AB_FUSEAU', c.site.fuseau),
		affectation('AB_CONTACT', c.site.contact),
		affectation('AB_DEBIAN', c.hote.debian),
		affectation('AB_SUITE', p.suite),
		affectation('AB_PVE', p.pve),
		affectation('AB_HOTE', c.hote.nom),
		affectation('AB_HOTE_IP', separerCidr(c.hote.adresse).adresse),
		affectation('AB_MEMOIRE_HOTE', c.hote.memoire),
		affectation('AB_MIROIR', c.hote.miroir ?? MIROIR_DEBIAN_DEFAUT),
		affectation('AB_STOCKAGE_SAUVEGARDES', c.sauvegardes.pbs ? c.sauvegardes.pbs.stockage : c.stockage.sauvegardes),
		affectation('AB_STOCKAGE_CONTENEURS', c.stockage.conteneurs),
		affectation('AB_TLS_MODE', c.tls.mode),
		affectation('AB_TLS_COURRIEL', c.tls.courriel ?? c.site.contact),
		affectation('AB_PHP', phpVersion(c)),
		affectation('AB_CONTENEURS', c.services.map((s) => s.id).join(' ')),
		affectation('AB_SERVICES', c.services.map((s) => `${s.id}:${s.service}`).join(' ')),
		affectation('AB_NOMS_PUBLICS', c.services.filter((s) => s.service !== 'proxy').map((s) => s.fqdn).join(' ')),
	];
	for (const s of c.services) {
		const T = s.service.toUpperCase();
		l.push(affectation(`AB_${T}_FQDN`, s.fqdn), affectation(`AB_${T}_IP`, s.ip), affectation(`AB_${T}_ID`, s.id));
	}
	for (const quoi of ['nextcloud', 'element'] as const) {
		const a = archive(c, quoi);
		const T = quoi.toUpperCase();
		l.push(affectation(`AB_${T}_ARCHIVE`, a.fichier), affectation(`AB_${T}_SHA256`, a.sha256));
	}
	for (const [nom, d] of Object.entries(DEPOTS)) {
		const T = nom.toUpperCase();
		l.push(
			affectation(`AB_${T}_CLE_URL`, d.cle),
			affectation(`AB_${T}_EMPREINTE`, d.empreinte),
			affectation(`AB_${T}_URIS`, d.uris),
			affectation(`AB_${T}_SUITES`, d.suites.replace('$SUITE', p.suite)),
			affectation(`AB_${T}_COMPOSANTS`, d.composants),
			affectation(`AB_${T}_PAQUETS`, d.paquets.join(' ')),
			affectation(`AB_${T}_VERSION`, d.version),
			affectation(`AB_${T}_EPINGLES`, Object.entries(d.epingles).map(([p, v]) => `${p}=${v}`).join(' ')),
		);
	}
	return `${l.join('\n')}\n`;
}
