/** Files of the Synapse + Element container. */
import type { Config, Service } from '../config.ts';
import { header } from './common.ts';

/** Synapse's conf.d drop-in: listener behind the proxy, PostgreSQL. */
export function synapseConf(c: Config, s: Service, proxy: Service | undefined): string {
	return [
		`# ${header(c)}`,
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

/** Element's config.json: this homeserver only, French by default. */
export function elementConfig(s: Service): string {
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

/** Element's static site, served to the proxy only. */
export function nginxElement(c: Config): string {
	return [
		`# ${header(c)}`,
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
