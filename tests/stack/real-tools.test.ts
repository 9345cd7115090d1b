/**
 * Les fichiers du paquet passés aux vrais outils de Debian, sans toucher la
 * machine : nginx -t sur une copie, nftables chargé dans un espace de noms
 * réseau jetable (unshare -n), ifquery sur le fichier d'interfaces, apt qui
 * analyse les sources sans rien télécharger.
 */
import { describe, it, expect } from 'vitest';
import { mkdtempSync, mkdirSync, writeFileSync, copyFileSync, readdirSync, readFileSync, existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { run, writeBundle, exampleBundle, REPO_ROOT } from './helpers.ts';
import { CERT_DIR } from '../../src/stack/files/common.ts';

const EXAMPLES = { 12: 'hote-pve8.yaml', 13: 'cooperative-osbl.yaml' } as const;

function paquetSurDisque(nom: string) {
	const dossier = mkdtempSync(join(tmpdir(), 'ab-reel-'));
	writeBundle(dossier, exampleBundle(nom));
	return dossier;
}

/**
 * Où lancer nginx : cette machine si son nginx accepte la syntaxe voulue, sinon le
 * chroot Debian 13 préparé par tests/stack/chroot-debian13.sh (nginx 1.25.1+,
 * « http2 on »). Sans ce chroot, la variante Debian 13 est signalée comme non vérifiée.
 */
const CHROOT_13 = process.env.AB_CHROOT_DEBIAN13 ?? join(REPO_ROOT, '.cache', 'stack', 'debian13');

function versionNginx(racine = ''): number[] {
	const v = run(racine ? 'chroot' : 'nginx', racine ? [racine, 'nginx', '-v'] : ['-v']).output.match(/nginx\/(\d+)\.(\d+)\.(\d+)/);
	return v ? v.slice(1).map(Number) : [0, 0, 0];
}
function recent([a, b, c]: number[]): boolean {
	return a > 1 || (a === 1 && (b > 25 || (b === 25 && c >= 1)));
}

/** Vérifie un ensemble de fichiers de serveur nginx dans un préfixe jetable (certificat de test), éventuellement dans un chroot. */
function nginxTeste(confs: string[], racine = '') {
	const p = mkdtempSync(join(racine ? join(racine, 'tmp') : tmpdir(), 'ab-nginx-'));
	const vu = racine ? p.slice(racine.length) : p;
	mkdirSync(join(p, 'conf.d'));
	mkdirSync(join(p, 'ssl'));
	copyFileSync(join(racine || '/', 'etc/nginx/fastcgi_params'), join(p, 'fastcgi_params'));
	const cert = run('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-days', '2', '-subj', '/CN=test', '-keyout', join(p, 'ssl', 'privkey.pem'), '-out', join(p, 'ssl', 'fullchain.pem')]);
	expect(cert.code, cert.output).toBe(0);
	confs.forEach((c, i) => writeFileSync(join(p, 'conf.d', `${i}.conf`), c.replaceAll(CERT_DIR, join(vu, 'ssl'))));
	writeFileSync(
		join(p, 'nginx.conf'),
		`pid ${vu}/nginx.pid;\nerror_log ${vu}/error.log;\nevents {}\nhttp {\n\taccess_log off;\n\tclient_body_temp_path ${vu}/tmp;\n\tinclude ${vu}/conf.d/*.conf;\n}\n`,
	);
	const r = racine ? run('chroot', [racine, 'nginx', '-t', '-p', vu, '-c', join(vu, 'nginx.conf')]) : run('nginx', ['-t', '-p', p, '-c', join(p, 'nginx.conf')]);
	if (racine) rmSync(p, { recursive: true, force: true });
	return r;
}

describe('nginx -t', () => {
	it.each([12, 13] as const)('mandataire, Nextcloud et Element (Debian %i)', (debian) => {
		// Debian 12 : nginx 1.22 de cette machine ; Debian 13 : nginx 1.26 du chroot trixie.
		let racine = '';
		if (debian === 13 && !recent(versionNginx())) {
			// `npm test` prépare ce chroot (npm run test:prepare) : son absence est une erreur, jamais un succès silencieux.
			if (!existsSync(join(CHROOT_13, 'usr/sbin/nginx'))) {
				throw new Error(`chroot Debian 13 absent (${CHROOT_13}) : lance « npm run test:prepare » (bash tests/stack/chroot-debian13.sh)`);
			}
			racine = CHROOT_13;
			expect(recent(versionNginx(racine))).toBe(true);
		}
		// Sur un nginx 1.25.1+, « listen … http2 » (Debian 12) n'est qu'obsolète : un avertissement, pas une erreur.
		const avertissementsPermis = debian === 12 && recent(versionNginx());
		const paquet = exampleBundle(EXAMPLES[debian]);
		const contenu = (p: string) => paquet.files.find((f) => f.path === p)?.content ?? '';
		const proxy = paquet.files.filter((f) => f.path.startsWith('fichiers/proxy/nginx/')).map((f) => f.content);
		expect(proxy.length).toBe(5);
		for (const lot of [proxy, [contenu('fichiers/nextcloud/nginx.conf')], [contenu('fichiers/synapse/element-nginx.conf')]]) {
			const r = nginxTeste(lot, racine);
			expect(r.output).toContain('test is successful');
			if (!avertissementsPermis) expect(r.output).not.toMatch(/\[warn\]/);
			expect(r.code).toBe(0);
		}
	});

	it('une configuration cassée est bien refusée (le test sait échouer)', () => {
		expect(nginxTeste(['server { listen 80; proxy_pass; }']).code).not.toBe(0);
	});
});

describe('nftables', () => {
	it.each(Object.values(EXAMPLES))('%s : nft -c -f, puis deux chargements réels dans un espace réseau jetable', (nom) => {
		const fichier = join(paquetSurDisque(nom), 'fichiers/hote/etc/nftables.conf');
		const c = run('unshare', ['-n', 'nft', '-c', '-f', fichier]);
		expect(c.output).toBe('');
		expect(c.code).toBe(0);
		// Recharger doit remplacer la table, pas la dupliquer ni échouer.
		const r = run('unshare', ['-n', 'sh', '-c', `nft -f ${fichier} && nft -f ${fichier} && nft list ruleset`]);
		expect(r.code, r.output).toBe(0);
		expect(r.output.match(/table inet alliance_boreale/g)).toHaveLength(1);
		expect(r.output).toContain('policy drop');
	});
});

describe('interfaces (ifupdown)', () => {
	it('Debian 12, sans VLAN : vmbr0 porte l’adresse et la passerelle', () => {
		const f = join(paquetSurDisque(EXAMPLES[12]), 'fichiers/hote/etc/network/interfaces');
		expect(run('ifquery', ['-i', f, '--list', '-a']).output.split('\n').filter(Boolean)).toEqual(['lo', 'vmbr0']);
		const r = run('ifquery', ['-i', f, 'vmbr0']);
		expect(r.code).toBe(0);
		expect(r.output).toContain('address: 192.168.1.10');
		expect(r.output).toContain('bridge-ports: enp3s0');
	});

	it('Debian 13, VLAN 20 : pont « VLAN-aware » et adresse de gestion sur vmbr0.20', () => {
		const f = join(paquetSurDisque(EXAMPLES[13]), 'fichiers/hote/etc/network/interfaces');
		expect(run('ifquery', ['-i', f, '--list', '-a']).output.split('\n').filter(Boolean)).toEqual(['lo', 'vmbr0', 'vmbr0.20']);
		expect(run('ifquery', ['-i', f, 'vmbr0']).output).toContain('bridge-vlan-aware: yes');
		expect(run('ifquery', ['-i', f, 'vmbr0.20']).output).toContain('address: 10.20.0.11');
	});
});

describe('sources apt', () => {
	/** apt analyse les sources et imprime les URL, sans rien télécharger. */
	function aptLit(parts: string, preferences?: string) {
		const d = mkdtempSync(join(tmpdir(), 'ab-apt-'));
		mkdirSync(join(d, 'lists', 'partial'), { recursive: true });
		const o = ['-o', 'Dir::Etc::SourceList=/dev/null', '-o', `Dir::Etc::SourceParts=${parts}`, '-o', `Dir::State::Lists=${d}/lists`, '-o', `Dir::Cache=${d}/cache`, '-o', `Dir::Etc::PreferencesParts=${preferences ?? d}`];
		return run('apt-get', [...o, '--print-uris', 'update']);
	}

	it.each(Object.values(EXAMPLES))('%s : dépôt Proxmox', (nom) => {
		const r = aptLit(join(paquetSurDisque(nom), 'fichiers/hote/etc/apt/sources.list.d'));
		expect(r.code, r.output).toBe(0);
		expect(r.output).toMatch(/download\.proxmox\.com\/debian\/pve\/dists\/(bookworm|trixie)\/pve-no-subscription\/binary-amd64\/Packages/);
	});

	it('dépôts Collabora, Matrix et Jitsi tels que les écrivent les scripts des conteneurs, avec leur épinglage', () => {
		const paquet = paquetSurDisque(EXAMPLES[12]);
		const racine = mkdtempSync(join(tmpdir(), 'ab-racine-'));
		const script = [
			'set -Eeuo pipefail',
			'. lib/commun.sh',
			'. config/site.env',
			'ab_depot_ecrire collaboraonline "$AB_COLLABORA_URIS" "$AB_COLLABORA_SUITES" "$AB_COLLABORA_COMPOSANTS" /usr/share/keyrings/c.gpg "$AB_COLLABORA_EPINGLES"',
			'ab_depot_ecrire matrix-org "$AB_SYNAPSE_URIS" "$AB_SYNAPSE_SUITES" "$AB_SYNAPSE_COMPOSANTS" /usr/share/keyrings/m.gpg "$AB_SYNAPSE_EPINGLES"',
			'ab_depot_ecrire jitsi "$AB_JITSI_URIS" "$AB_JITSI_SUITES" "$AB_JITSI_COMPOSANTS" /usr/share/keyrings/j.gpg "$AB_JITSI_EPINGLES"',
			'ab_depot_present jitsi "$AB_JITSI_EPINGLES"',
			'! ab_depot_present jitsi "jitsi-meet=9.9.9"',
		].join('\n');
		const e = run('bash', ['-c', script], { cwd: paquet, env: { ...process.env, AB_RACINE: racine } });
		expect(e.code, e.output).toBe(0);
		const parts = join(racine, 'etc/apt/sources.list.d');
		expect(readdirSync(parts).sort()).toEqual(['collaboraonline.sources', 'jitsi.sources', 'matrix-org.sources']);
		const r = aptLit(parts, join(racine, 'etc/apt/preferences.d'));
		expect(r.code, r.output).toBe(0);
		expect(r.output).toContain('collaboraoffice.com/repos/CollaboraOnline/CODE-deb/./Packages');
		expect(r.output).toContain('packages.matrix.org/debian/dists/bookworm/main/binary-amd64/Packages');
		expect(r.output).toContain('download.jitsi.org/stable/Packages');
		expect(readFileSync(join(racine, 'etc/apt/preferences.d/matrix-org'), 'utf8')).toBe('Package: matrix-synapse-py3\nPin: version 1.155.*\nPin-Priority: 1001\n');
		const jitsi = readFileSync(join(racine, 'etc/apt/preferences.d/jitsi'), 'utf8');
		expect(jitsi.split('\n\n')).toHaveLength(6);
		expect(jitsi).toContain('Package: jicofo\nPin: version 1.0-1090-1\nPin-Priority: 1001\n');
		// apt lit ces préférences sans erreur.
		const pol = run('apt-cache', ['-o', 'Dir::Etc::SourceList=/dev/null', '-o', `Dir::Etc::SourceParts=${parts}`, '-o', `Dir::Etc::PreferencesParts=${join(racine, 'etc/apt/preferences.d')}`, 'policy']);
		expect(pol.output).not.toMatch(/^E:|^W:/m);
	});

	it('une source mal formée est bien refusée (le test sait échouer)', () => {
		const d = mkdtempSync(join(tmpdir(), 'ab-apt-mal-'));
		writeFileSync(join(d, 'mal.sources'), 'Types: deb\nURIs: http://exemple.invalid\nSuite: oups\n');
		expect(aptLit(d).code).not.toBe(0);
	});
});
