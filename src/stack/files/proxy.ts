/** The reverse proxy's nginx sites (proxy container). */
import type { Config, Service } from '../config.ts';
import { CATALOG } from '../catalog.ts';
import { CERT_DIR, header } from './common.ts';

function listen(c: Config): string[] {
	// nginx 1.25.1+ (Debian 13) replaces « listen … http2 » with the « http2 on » directive.
	return c.hote.debian === 13 ? ['\tlisten 443 ssl;', '\tlisten [::]:443 ssl;', '\thttp2 on;'] : ['\tlisten 443 ssl http2;', '\tlisten [::]:443 ssl http2;'];
}

function tlsCommon(): string[] {
	return [
		`\tssl_certificate ${CERT_DIR}/fullchain.pem;`,
		`\tssl_certificate_key ${CERT_DIR}/privkey.pem;`,
		'\tssl_protocols TLSv1.2 TLSv1.3;',
		'\tssl_session_cache shared:alliance_boreale:10m;',
		'\tadd_header Strict-Transport-Security "max-age=31536000" always;',
	];
}

function proxyHeaders(websocket: boolean): string[] {
	const l = [
		'\t\tproxy_set_header Host $host;',
		'\t\tproxy_set_header X-Real-IP $remote_addr;',
		'\t\tproxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;',
		'\t\tproxy_set_header X-Forwarded-Proto https;',
	];
	if (websocket) l.push('\t\tproxy_http_version 1.1;', '\t\tproxy_set_header Upgrade $http_upgrade;', '\t\tproxy_set_header Connection $connection_upgrade;');
	return l;
}

/** Proxy settings shared by every site: HTTP → HTTPS redirect and the ACME challenge. */
export function nginxProxyCommon(c: Config): string {
	return [
		`# ${header(c)}`,
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

/** The proxy's virtual host for one service. */
export function nginxVhost(c: Config, s: Service): string {
	const def = CATALOG[s.service];
	const l = [`# ${header(c)}`, `# ${def.title} → conteneur ${s.id} (${s.ip})`, 'server {', ...listen(c), `\tserver_name ${s.fqdn};`, ...tlsCommon()];
	const upstream = `http://${s.ip}:${def.port}`;
	switch (s.service) {
		case 'nextcloud':
			l.push('\t# Envois de gros fichiers : Nextcloud découpe au-delà, mais pas les clients WebDAV.', '\tclient_max_body_size 10G;', '\tproxy_request_buffering off;', '\tlocation / {', `\t\tproxy_pass ${upstream};`, ...proxyHeaders(false), '\t}');
			break;
		case 'collabora':
			l.push('\tclient_max_body_size 512M;', '\tlocation / {', `\t\tproxy_pass ${upstream};`, ...proxyHeaders(true), '\t\tproxy_read_timeout 36000s;', '\t}');
			break;
		case 'synapse':
			l.push(
				'\tclient_max_body_size 100M;',
				'\t# Délégation Matrix : les autres serveurs joignent celui-ci sur 443 (sinon ils essaient 8448).',
				'\tlocation = /.well-known/matrix/server {',
				'\t\tdefault_type application/json;',
				`\t\treturn 200 '{"m.server": "${s.fqdn}:443"}';`,
				'\t}',
				'\tlocation = /.well-known/matrix/client {',
				'\t\tdefault_type application/json;',
				'\t\tadd_header Access-Control-Allow-Origin "*" always;',
				`\t\treturn 200 '{"m.homeserver": {"base_url": "https://${s.fqdn}"}}';`,
				'\t}',
				'\t# API Matrix vers Synapse, le reste vers le client web Element.',
				'\tlocation ~ ^(/_matrix|/_synapse/client) {',
				`\t\tproxy_pass ${upstream};`,
				...proxyHeaders(false),
				'\t}',
				'\tlocation / {',
				`\t\tproxy_pass http://${s.ip}:8080;`,
				...proxyHeaders(false),
				'\t}',
			);
			break;
		case 'jitsi':
			l.push(
				'\t# Jitsi garde son propre nginx (HTTPS auto-signé) : on le relaie tel quel.',
				'\tlocation / {',
				`\t\tproxy_pass https://${s.ip}:443;`,
				'\t\tproxy_ssl_verify off;',
				...proxyHeaders(true),
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
