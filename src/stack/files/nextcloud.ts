/** Files of the Nextcloud container. */
import type { Config, Service } from '../config.ts';
import { header } from './common.ts';

/** PHP version of Debian's php-fpm for the host's release. */
export function phpVersion(c: Config): string {
	return c.hote.debian === 12 ? '8.2' : '8.4';
}

/** The Nextcloud container's own nginx (PHP-FPM), after Nextcloud's admin manual. */
export function nginxNextcloud(c: Config, s: Service): string {
	const php = phpVersion(c);
	return [
		`# ${header(c)}`,
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
