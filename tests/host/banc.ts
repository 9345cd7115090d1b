/**
 * Le banc d'essai « vrai hôte » : un Debian 13 amd64 complet (systemd, ifupdown2,
 * nftables, LXC de Debian) dans un conteneur LXC privilégié avec imbrication,
 * que le paquet de déploiement peut modifier à sa guise (fichier réseau, ponts,
 * pare-feu, conteneurs) sans toucher la machine qui lance les tests.
 *
 * Pourquoi LXC et pas une machine virtuelle : mesuré ici, KVM imbriqué ne démarre
 * pas de noyau Linux et QEMU sans KVM (TCG) est trop lent pour installer des
 * paquets dans des conteneurs ; le lxc 5.0.2 de Debian 12 démarre un Debian 13
 * avec systemd en ~1 s, et LXC 6 tourne dedans (conteneurs imbriqués non privilégiés).
 *
 * Ce qui est réel : Debian 13 et ses paquets (par un cache apt du miroir de cette
 * machine), systemd, ifupdown2/ifreload, nftables, lxc, les conteneurs imbriqués,
 * nginx, openssl… Ce qui est une doublure : pct, pveam, pvesm, vzdump, pvecm, pvesh
 * et `uname -r` (tests/host/doublures/, chacune le dit en tête), les paquets vides
 * proxmox-ve et proxmox-default-kernel, le drapeau vmx de /proc/cpuinfo.
 *
 * Tout est rangé sous <cache de la machine>/host/ (~/.cache/alliance-boreale/host) ; `nettoyer()` retire conteneurs, pont,
 * espace de noms et serveur, même ceux laissés par une exécution tuée.
 */
import { spawn, spawnSync, type SpawnSyncOptions } from 'node:child_process';
import { chmodSync, copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { dirname, join } from 'node:path';
import { debianMirror } from '../../scripts/image/mirror.ts';
import { machineCacheDir } from '../../scripts/lib/machine-cache.ts';
import { buildBundle, readConfig, type Bundle } from '../../src/stack/index.ts';

export const RACINE_DEPOT = join(import.meta.dirname, '..', '..');
const ICI = import.meta.dirname;
/**
 * In the machine cache, not the checkout: a fresh clone (CI) reuses the host
 * and template built here and the apt cache already filled, and two checkouts
 * share one lock (the bridge and namespace names are machine-wide anyway).
 */
const CACHE = join(machineCacheDir(), 'host');
/** Tout ce qu'une exécution crée : retiré par nettoyer(). */
export const RUN = join(CACHE, 'run');
const LXCPATH = join(RUN, 'lxc');
export const NOM_CT = 'abh-pve';
/** Adresse de cette machine sur le lien vers le routeur du banc (voir reseau.sh). */
export const ADRESSE_SERVEUR = '100.64.77.1';
export const PROXY_APT = `http://${ADRESSE_SERVEUR}:3142`;
export const URL_FICHIERS = `http://${ADRESSE_SERVEUR}:8080`;
const FICHIERS = join(CACHE, 'fichiers');
/** Dossier du paquet dans l'hôte d'essai (monté depuis RUN/paquet). */
export const PAQUET_HOTE = '/root/alliance-boreale';

export interface Sortie {
	code: number;
	sortie: string;
}

function lancer(cmd: string, args: string[], opts: SpawnSyncOptions = {}): Sortie {
	const r = spawnSync(cmd, args, { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024, ...opts });
	if (r.error) throw r.error;
	return { code: r.status ?? -1, sortie: `${r.stdout ?? ''}${r.stderr ?? ''}` };
}

function exiger(cmd: string, args: string[], opts: SpawnSyncOptions = {}): string {
	const r = lancer(cmd, args, opts);
	if (r.code !== 0) throw new Error(`${cmd} ${args.join(' ')} → ${r.code}\n${r.sortie}`);
	return r.sortie;
}

/**
 * Un seul banc à la fois sur la machine : deux exécutions (un `npm test` et un test lancé à la
 * main) se démoliraient l'une l'autre. Le verrou porte le numéro du processus qui le tient ;
 * un verrou dont le processus n'existe plus (exécution tuée) est repris.
 */
const VERROU = join(CACHE, 'banc.lock');
function verrouTenu(): number | undefined {
	if (!existsSync(VERROU)) return undefined;
	const n = Number(readFileSync(VERROU, 'utf8'));
	return n > 1 && n !== process.pid && existsSync(`/proc/${n}`) ? n : undefined;
}
async function prendreVerrou(attenteMs = 1_800_000): Promise<void> {
	mkdirSync(CACHE, { recursive: true });
	const fin = Date.now() + attenteMs;
	for (let n = verrouTenu(); n !== undefined; n = verrouTenu()) {
		if (Date.now() > fin) throw new Error(`un autre banc d’essai tourne encore (processus ${n}, verrou ${VERROU}) : attends sa fin`);
		await new Promise((ok) => setTimeout(ok, 5_000));
	}
	writeFileSync(VERROU, String(process.pid));
}
function rendreVerrou(): void {
	if (existsSync(VERROU) && Number(readFileSync(VERROU, 'utf8')) === process.pid) rmSync(VERROU, { force: true });
}

/** Retire tout ce qu'une exécution (même tuée) a laissé : conteneurs, réseau, serveur, dossiers. */
export function nettoyer(): void {
	if (existsSync(join(LXCPATH, NOM_CT))) {
		// Les conteneurs imbriqués meurent avec l'hôte d'essai (même espace de noms de PID).
		lancer('lxc-stop', ['-P', LXCPATH, '-n', NOM_CT, '-k']);
	}
	const pid = join(CACHE, 'serveur.pid');
	if (existsSync(pid)) {
		const n = Number(readFileSync(pid, 'utf8'));
		// Seulement si ce numéro est encore NOTRE serveur (un numéro libéré peut resservir à un autre processus).
		const ligne = existsSync(`/proc/${n}/cmdline`) ? readFileSync(`/proc/${n}/cmdline`, 'utf8') : '';
		if (n > 1 && ligne.includes(join(ICI, 'serveur.ts'))) {
			try {
				process.kill(n, 'SIGTERM');
			} catch {
				/* déjà arrêté */
			}
		}
		rmSync(pid, { force: true });
	}
	lancer('bash', [join(ICI, 'reseau.sh'), 'down']);
	rmSync(RUN, { recursive: true, force: true });
}

/** Description réseau de l'hôte d'essai, tirée de la configuration testée. */
export interface Reseau {
	/** Nom court de la machine (hote.nom). */
	nom: string;
	/** Interface physique attendue par la configuration (hote.interface). */
	interface: string;
	/** Adresse de l'hôte avec préfixe (hote.adresse). */
	adresse: string;
	/** Passerelle (hote.passerelle) : c'est le routeur du banc. */
	passerelle: string;
}

export interface Banc {
	modele: string;
	/** Commande bash dans l'hôte d'essai, en root, depuis le dossier du paquet. */
	hote(script: string, opts?: { entree?: string; delai?: number }): Sortie;
	/** Écrit un paquet dans l'hôte d'essai (remplace le précédent). */
	deposerPaquet(paquet: Bundle): void;
	/** Adresse d'un fichier du serveur du banc (pour `versions:`). */
	publier(nom: string, contenu: Buffer | string): { url: string; sha256: string };
	arreter(): void;
}

function serveur(miroir: string): Promise<void> {
	mkdirSync(join(CACHE, 'apt'), { recursive: true });
	mkdirSync(FICHIERS, { recursive: true });
	const journal = join(CACHE, 'serveur.log');
	const enfant = spawn(process.execPath, [join(ICI, 'serveur.ts'), ADRESSE_SERVEUR, join(CACHE, 'apt'), FICHIERS, miroir], {
		detached: true,
		stdio: ['ignore', 'pipe', 'pipe'],
	});
	writeFileSync(join(CACHE, 'serveur.pid'), String(enfant.pid));
	return new Promise((ok, ko) => {
		let texte = '';
		const minuterie = setTimeout(() => ko(new Error(`serveur du banc muet après 20 s : ${texte}`)), 20_000);
		const lire = (d: Buffer) => {
			texte += d.toString();
			writeFileSync(journal, texte);
			if (texte.includes('pret')) {
				clearTimeout(minuterie);
				enfant.stdout?.removeAllListeners();
				enfant.stdout?.resume();
				enfant.stderr?.resume();
				enfant.unref();
				ok();
			}
		};
		enfant.stdout?.on('data', lire);
		enfant.stderr?.on('data', lire);
		enfant.on('exit', (c) => ko(new Error(`serveur du banc arrêté (${c}) : ${texte}`)));
	});
}

/** Configuration LXC de l'hôte d'essai : privilégié, imbrication, son propre réseau sur le pont abh0. */
function configHote(racine: string, haut: string, r: Reseau, mac: string): string {
	return [
		'# Hôte d’essai Alliance Boréale (tests/host/banc.ts) : Debian 13 qui joue la machine Proxmox.',
		`lxc.uts.name = ${r.nom}`,
		`lxc.rootfs.path = overlay:${racine}:${haut}`,
		'lxc.include = /usr/share/lxc/config/common.conf',
		'lxc.include = /usr/share/lxc/config/nesting.conf',
		// Cette machine n'a pas AppArmor ; l'hôte d'essai doit pouvoir créer ses conteneurs.
		'lxc.apparmor.profile = unconfined',
		'lxc.mount.auto = proc:rw sys:rw cgroup:rw',
		'lxc.cgroup.devices.allow = a',
		// Le banc ne doit jamais régler l'horloge ni charger de module de la machine de test.
		'lxc.cap.drop =',
		'lxc.cap.drop = sys_time sys_module',
		'lxc.net.0.type = veth',
		'lxc.net.0.link = abh0',
		`lxc.net.0.name = ${r.interface}`,
		'lxc.net.0.veth.pair = abh-pve0',
		`lxc.net.0.hwaddr = ${mac}`,
		'lxc.net.0.flags = up',
		`lxc.mount.entry = ${join(ICI, 'doublures')} usr/local/lib/banc none bind,ro,create=dir 0 0`,
		`lxc.mount.entry = ${join(RUN, 'sbin')} usr/local/sbin none bind,ro,create=dir 0 0`,
		`lxc.mount.entry = ${join(RUN, 'modeles')} srv/banc/modeles none bind,ro,create=dir 0 0`,
		`lxc.mount.entry = ${join(RUN, 'paquet')} root/alliance-boreale none bind,create=dir 0 0`,
		`lxc.mount.entry = ${join(RUN, 'cpuinfo')} proc/cpuinfo none bind,ro 0 0`,
		'',
	].join('\n');
}

function ecrire(chemin: string, contenu: string, mode = 0o644) {
	mkdirSync(dirname(chemin), { recursive: true });
	writeFileSync(chemin, contenu);
	chmodSync(chemin, mode);
}

/**
 * Monte le banc : réseau isolé, cache apt, construction (ou réutilisation) des
 * racines, démarrage de l'hôte d'essai avec l'adresse que la configuration attend.
 */
export async function monterBanc(r: Reseau): Promise<Banc> {
	await prendreVerrou();
	try {
		return await monter(r);
	} catch (e) {
		nettoyer();
		rendreVerrou();
		throw e;
	}
}

async function monter(r: Reseau): Promise<Banc> {
	nettoyer();
	const [adresse, prefixe] = r.adresse.split('/');
	if (!adresse || !prefixe) throw new Error(`adresse avec préfixe attendue : ${r.adresse}`);
	exiger('bash', [join(ICI, 'reseau.sh'), 'up', `${r.passerelle}/${prefixe}`]);
	const miroir = debianMirror();
	await serveur(miroir);
	const dest = exiger('bash', [join(ICI, 'build.sh'), miroir, PROXY_APT, CACHE]).trim().split('\n').pop() as string;
	const modele = readFileSync(join(dest, 'modele'), 'utf8').trim();
	// Les constructions d'une recette précédente (~400 Mo chacune) sont retirées après deux jours sans
	// usage : une autre branche, sur la même machine, peut encore se servir de la sienne.
	const maintenant = new Date();
	utimesSync(join(dest, 'pret'), maintenant, maintenant);
	for (const d of readdirSync(CACHE)) {
		const pret = join(CACHE, d, 'pret');
		const vieux = !existsSync(pret) || Date.now() - statSync(pret).mtimeMs > 2 * 86_400_000;
		if (/^[0-9a-f]{16}$/.test(d) && join(CACHE, d) !== dest && vieux) rmSync(join(CACHE, d), { recursive: true, force: true });
	}

	// Le modèle et l'index que lisent les doublures pveam (seule la dernière construction, comme chez Proxmox).
	mkdirSync(join(RUN, 'modeles'), { recursive: true });
	lancer('ln', ['-f', join(dest, modele), join(RUN, 'modeles', modele)]);
	if (!existsSync(join(RUN, 'modeles', modele))) copyFileSync(join(dest, modele), join(RUN, 'modeles', modele));
	writeFileSync(join(RUN, 'modeles', 'aplinfo'), `system ${modele}\n`);
	// Les doublures, dans /usr/local/sbin de l'hôte d'essai (devant /usr/sbin dans le PATH).
	mkdirSync(join(RUN, 'sbin'), { recursive: true });
	for (const f of ['pct', 'pveam', 'pvesm', 'vzdump', 'pvecm', 'pvesh', 'uname']) copyFileSync(join(ICI, 'doublures', f), join(RUN, 'sbin', f));
	for (const f of ['pct', 'pveam', 'pvesm', 'vzdump', 'pvecm', 'pvesh', 'uname']) chmodSync(join(RUN, 'sbin', f), 0o755);
	mkdirSync(join(RUN, 'paquet'), { recursive: true });
	// La machine de test est elle-même virtuelle et cache le drapeau vmx : l'hôte d'essai le montre (doublure).
	writeFileSync(join(RUN, 'cpuinfo'), readFileSync('/proc/cpuinfo', 'utf8').replace(/^(flags\s*:)/gm, '$1 vmx'));

	// État de départ de l'hôte : un Debian 13 fraîchement installé, réseau statique sur son interface.
	const haut = join(RUN, 'haut');
	ecrire(
		join(haut, 'etc/network/interfaces'),
		`# Installé par l’installateur Debian (banc d’essai)\nauto lo\niface lo inet loopback\n\nauto ${r.interface}\niface ${r.interface} inet static\n\taddress ${r.adresse}\n\tgateway ${r.passerelle}\n\nsource /etc/network/interfaces.d/*\n`,
	);
	ecrire(join(haut, 'etc/hostname'), `${r.nom}\n`);
	ecrire(join(haut, 'etc/hosts'), `127.0.0.1\tlocalhost\n127.0.1.1\t${r.nom}\n::1\tlocalhost ip6-localhost ip6-loopback\n`);
	ecrire(join(haut, 'etc/resolv.conf'), `nameserver ${r.passerelle}\n`);
	// Ce que l'installation de Proxmox VE met en place : stockage « local », uid décalés des conteneurs.
	ecrire(join(haut, 'etc/pve/storage.cfg'), 'dir: local\n\tpath /var/lib/vz\n\tcontent backup,images,iso,rootdir,snippets,vztmpl\n');
	ecrire(join(haut, 'etc/subuid'), 'root:100000:65536\n');
	ecrire(join(haut, 'etc/subgid'), 'root:100000:65536\n');
	ecrire(join(haut, 'etc/lxc/default.conf'), 'lxc.net.0.type = empty\n');
	mkdirSync(join(LXCPATH, NOM_CT), { recursive: true });
	const mac = `02:ab:${createHash('sha256').update(r.adresse).digest('hex').slice(0, 8).replace(/(..)(?!$)/g, '$1:')}`;
	writeFileSync(join(LXCPATH, NOM_CT, 'config'), configHote(join(dest, 'rootfs'), haut, r, mac));

	exiger('lxc-start', ['-P', LXCPATH, '-n', NOM_CT, '-l', 'INFO', '-o', join(RUN, 'lxc-hote.log')]);
	// Les messages du paquet mettent des espaces insécables avant « : » et dans les guillemets :
	// les tests comparent avec des espaces simples.
	const dans = (script: string, opts: { entree?: string; delai?: number } = {}): Sortie => {
		const r = lancer(
			'lxc-attach',
			['-P', LXCPATH, '-n', NOM_CT, '--clear-env', '-v', 'PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin', '-v', 'HOME=/root', '-v', 'LANG=C.UTF-8', '--', 'bash', '-c', `cd ${PAQUET_HOTE} && ${script}`],
			{ input: opts.entree ?? '', timeout: opts.delai ?? 1_800_000 },
		);
		return { code: r.code, sortie: r.sortie.replace(/[\u00a0\u202f]/g, ' ') };
	};
	// systemd et son bus démarrent en quelques secondes : on attend qu'ils répondent.
	const pret = dans('for i in $(seq 1 120); do e=$(systemctl is-system-running 2>/dev/null); case $e in running|degraded) echo $e; exit 0;; esac; sleep 0.5; done; echo "$e"', { delai: 120_000 });
	if (!/running|degraded/.test(pret.sortie)) throw new Error(`l’hôte d’essai ne démarre pas : ${pret.sortie}`);
	// LXC 5 croit « cpu,cpuacct » montés ensemble ; cette machine les sépare : on les monte pour le LXC imbriqué.
	// Seulement une fois systemd démarré : au démarrage, il pose lui-même les liens cpu → cpu,cpuacct ;
	// fait en même temps que lui, le montage a donné deux fois en CI (6 décembre) un cgroup que le LXC
	// imbriqué refuse (« initialize_cgroups: Not a directory »), au premier pct start.
	const cg = dans(
		'cd /sys/fs/cgroup && mount -o remount,rw . && for h in cpu cpuacct net_cls net_prio; do [ -L $h ] && rm $h; done; ' +
			'umount cpu,cpuacct net_cls,net_prio 2>/dev/null; rmdir cpu,cpuacct net_cls,net_prio 2>/dev/null; for h in cpu cpuacct; do mkdir -p $h; mountpoint -q $h || mount -t cgroup -o $h cgroup $h; done; mount -o remount,ro .; ' +
			// Ce que le LXC imbriqué lira : chaque contrôleur dans un vrai dossier, monté, et plus de dossier joint.
			'for h in cpu cpuacct; do [ -d $h ] && [ ! -L $h ] && mountpoint -q $h && grep -q " /sys/fs/cgroup/$h .* cgroup rw,.*\\b$h\\b" /proc/self/mountinfo || { echo "$h mal monté"; ls -la; exit 1; }; done; ' +
			'[ ! -e cpu,cpuacct ] || { echo "cpu,cpuacct encore là"; ls -la; exit 1; }',
	);
	if (cg.code !== 0) throw new Error(`cgroups de l'hôte d'essai : ${cg.sortie}`);

	return {
		modele,
		hote: dans,
		deposerPaquet(paquet: Bundle) {
			// Le dossier est monté dans l'hôte d'essai : on vide son contenu sans le remplacer.
			const d = join(RUN, 'paquet');
			for (const f of readdirSync(d)) rmSync(join(d, f), { recursive: true, force: true });
			for (const f of paquet.files) ecrire(join(d, f.path), f.content, Number.parseInt(f.mode, 8));
		},
		publier(nom: string, contenu: Buffer | string) {
			ecrire(join(FICHIERS, nom), typeof contenu === 'string' ? contenu : contenu.toString('binary'));
			if (typeof contenu !== 'string') writeFileSync(join(FICHIERS, nom), contenu);
			return { url: `${URL_FICHIERS}/${nom}`, sha256: createHash('sha256').update(contenu).digest('hex') };
		},
		arreter() {
			nettoyer();
			rendreVerrou();
		},
	};
}

/** Ce qu'il faut lire quand une commande échoue : les lignes « Erreur » puis la fin de la sortie. */
export function resume(r: Sortie): string {
	const erreurs = r.sortie.split('\n').filter((l) => /^(Erreur|Attention|ERROR)|échec/.test(l));
	return `code ${r.code}\n${erreurs.join('\n')}\n…\n${r.sortie.slice(-1500)}`;
}

/** Citation bash d'un argument. */
export function q(s: string): string {
	return `'${s.replaceAll("'", "'\\''")}'`;
}

/** Somme et date de modification de chaque fichier (« absent » s'il manque), vues dans l'hôte d'essai ou un conteneur. */
export function empreintes(banc: Banc, fichiers: string[], ct?: number): Record<string, string> {
	const script = `for f in ${fichiers.map(q).join(' ')}; do if [ -f "$f" ]; then printf '%s %s %s\n' "$f" "$(sha256sum <"$f" | cut -c1-64)" "$(stat -c %Y "$f")"; else printf '%s absent\n' "$f"; fi; done`;
	const r = ct === undefined ? banc.hote(script) : banc.hote(`pct exec ${ct} -- bash -c ${q(script)}`);
	if (r.code !== 0) throw new Error(r.sortie);
	return Object.fromEntries(r.sortie.trim().split('\n').map((l) => [l.split(' ')[0], l.split(' ').slice(1).join(' ')]));
}

/**
 * Archive Nextcloud fabriquée pour le test (tests/host/fixtures/nextcloud : un « occ »
 * doublure et les pages d'état), au format de l'archive officielle (dossier « nextcloud/»).
 */
export function archiveNextcloud(version: string): Buffer {
	const tmp = join(RUN, `nextcloud-${version}`);
	rmSync(tmp, { recursive: true, force: true });
	mkdirSync(join(tmp, 'nextcloud', 'config'), { recursive: true });
	mkdirSync(join(tmp, 'nextcloud', 'apps'), { recursive: true });
	for (const f of ['occ', 'status.php', 'index.php', 'cron.php']) copyFileSync(join(ICI, 'fixtures', 'nextcloud', f), join(tmp, 'nextcloud', f));
	writeFileSync(join(tmp, 'nextcloud', 'version.txt'), `${version}\n`);
	exiger('tar', ['--owner=0', '--group=0', '--mtime=2026-01-01', '--sort=name', '-cjf', join(tmp, 'archive.tar.bz2'), '-C', tmp, 'nextcloud']);
	const contenu = readFileSync(join(tmp, 'archive.tar.bz2'));
	rmSync(tmp, { recursive: true, force: true });
	return contenu;
}

/** Lit une configuration de test et remplace ses « @CLE@ »… par les valeurs du banc. */
export function paquetDepuis(texte: string, valeurs: Record<string, string> = {}): Bundle {
	let t = texte;
	for (const [k, v] of Object.entries(valeurs)) t = t.replaceAll(`@${k}@`, v);
	const r = readConfig(t);
	if (!r.ok) throw new Error(`configuration refusée : ${JSON.stringify(r.errors, null, 2)}`);
	return buildBundle(r.config, t);
}

export function lireFixture(nom: string): string {
	return readFileSync(join(ICI, 'fixtures', nom), 'utf8');
}

/**
 * Archive Element fabriquée pour le test : une page d'accueil doublure au format de
 * l'archive publiée (un dossier « element-vX/ », que synapse.sh retire à l'extraction).
 */
export function archiveElement(version: string): Buffer {
	const tmp = join(RUN, `element-${version}`);
	rmSync(tmp, { recursive: true, force: true });
	const dossier = `element-v${version}`;
	ecrire(
		join(tmp, dossier, 'index.html'),
		'<!doctype html>\n<html lang="fr"><head><meta charset="utf-8"><title>Element (doublure)</title></head>\n<body><p>Element : doublure du banc d’essai Alliance Boréale.</p></body></html>\n',
	);
	ecrire(join(tmp, dossier, 'version'), `${version}\n`);
	exiger('tar', ['--owner=0', '--group=0', '--mtime=2026-01-01', '--sort=name', '-czf', join(tmp, 'archive.tar.gz'), '-C', tmp, dossier]);
	const contenu = readFileSync(join(tmp, 'archive.tar.gz'));
	rmSync(tmp, { recursive: true, force: true });
	return contenu;
}
