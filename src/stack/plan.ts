/**
 * Le plan : la liste ordonnée de ce que `deploy.sh apply` fera, chaque action
 * avec une description en français, la commande qui regarde (« verifier »,
 * sans rien changer) et les commandes exactes lancées si l'état n'est pas
 * déjà le bon. Le même plan est imprimé par la CLI et exécuté par le paquet.
 */
import type { Config, ServiceNormalise } from './config.ts';
import { CATALOGUE } from './services/catalogue.ts';
import { PROXMOX } from './versions.ts';
import { archive, cheminCleProxmox, modele } from './fichiers.ts';
import { separerCidr } from './ip.ts';
import { q } from './shell-quote.ts';
import { sha256 } from './sha256.ts';
import { typo } from './typo.ts';

export const PHASES = ['Vérifications', 'Hôte', 'Proxmox VE', 'Réseau et pare-feu', 'Cluster', 'Modèles', 'Conteneurs', 'Services', 'Sauvegardes'] as const;
export type Phase = (typeof PHASES)[number];

export interface Action {
	/** Rang dans le plan, à partir de 1. */
	numero: number;
	/** Identifiant stable, par exemple `ct.nuage.creer`. */
	id: string;
	phase: Phase;
	titre: string;
	description: string;
	/** Commande bash qui réussit si l'état voulu est déjà là ; elle ne modifie rien. */
	verifier: string;
	/** Commandes bash exactes lancées par `apply` quand `verifier` échoue. */
	commandes: string[];
}

export interface Plan {
	site: string;
	domaine: string;
	actions: Action[];
}

/** Fichiers du paquet dont dépend le plan (les sommes servent à « déjà en place »). */
export type Fichiers = Record<string, string>;

/** Dossiers de l'hôte utilisés par le paquet. */
export const ETAT = '/var/lib/alliance-boreale';
export const CACHE = '/var/cache/alliance-boreale';
export const SECRETS = '/etc/alliance-boreale/secrets';

/** Secrets que chaque service attend (fichiers 0600, jamais dans le YAML). */
export const SECRETS_SERVICE: Partial<Record<ServiceNormalise['service'], string[]>> = {
	nextcloud: ['nextcloud-admin'],
	collabora: ['collabora-admin'],
	synapse: ['synapse-admin'],
};

/** Empreinte de ce qu'un service reçoit : si rien ne change, rien n'est redéployé. */
export function empreinteService(fichiers: Fichiers, s: ServiceNormalise): string {
	const chemins = charge(fichiers, s);
	return sha256(chemins.map((p) => `${p}\0${sha256(fichiers[p])}`).join('\n'));
}

/** Fichiers du paquet copiés dans le conteneur d'un service. */
export function charge(fichiers: Fichiers, s: ServiceNormalise): string[] {
	const prefixe = `fichiers/${s.service}/`;
	return ['lib/commun.sh', `services/${s.service}.sh`, 'config/site.env', ...Object.keys(fichiers).filter((p) => p.startsWith(prefixe)).sort()];
}

export function construirePlan(c: Config, fichiers: Fichiers): Plan {
	const actions: Omit<Action, 'numero'>[] = [];
	const ajouter = (a: Omit<Action, 'numero'>) => actions.push(a);
	const somme = (p: string) => sha256(fichiers[p]);
	const fichierHote = (p: string, dest: string, mode: string) => ({
		verifier: `ab_fichier_conforme ${q(dest)} ${somme(p)}`,
		commande: `ab_installer_fichier ${q(p)} ${q(dest)} ${mode}`,
	});
	const px = PROXMOX[c.hote.debian];
	const ipHote = separerCidr(c.hote.adresse).adresse;
	const fqdnHote = `${c.hote.nom}.${c.site.domaine}`;
	const memoireServices = c.services.reduce((t, s) => t + s.memoire, 0);
	const disqueServices = c.services.reduce((t, s) => t + s.disque, 0);

	// --- Vérifications ---
	ajouter({
		id: 'verification.machine',
		phase: 'Vérifications',
		titre: 'Vérifier que la machine convient',
		description: `Debian ${c.hote.debian} sur amd64, virtualisation matérielle active, au moins ${memoireServices + 2048} Mio de mémoire et ${disqueServices + 32} Gio de disque libre. Sinon, tout s’arrête ici sans rien modifier.`,
		verifier: `ab_machine_conforme ${c.hote.debian} ${memoireServices + 2048} ${disqueServices + 32}`,
		commandes: [`ab_refuser_machine ${c.hote.debian} ${memoireServices + 2048} ${disqueServices + 32}`],
	});

	// --- Hôte ---
	const nom = fichierHote('fichiers/hote/etc/hostname', '/etc/hostname', '0644');
	ajouter({
		id: 'hote.nom',
		phase: 'Hôte',
		titre: `Nommer la machine « ${c.hote.nom} »`,
		description: 'Proxmox identifie chaque nœud par son nom court.',
		verifier: nom.verifier,
		commandes: [nom.commande, `hostnamectl set-hostname ${q(c.hote.nom)}`],
	});
	ajouter({
		id: 'hote.resolution',
		phase: 'Hôte',
		titre: `Faire correspondre ${fqdnHote} à ${ipHote}`,
		description: 'Proxmox exige que le nom de la machine se résolve vers son adresse réelle, pas vers 127.0.1.1 : la ligne est ajoutée à /etc/hosts et les anciennes lignes de ce nom sont mises en commentaire.',
		verifier: `ab_resolution_conforme ${q(fqdnHote)} ${q(c.hote.nom)} ${ipHote}`,
		commandes: [`ab_hosts_assurer ${ipHote} ${q(fqdnHote)} ${q(c.hote.nom)}`],
	});
	ajouter({
		id: 'hote.ssh',
		phase: 'Hôte',
		titre: 'Autoriser les clés SSH des admins',
		description: `${c.ssh.cles.length} clé(s) publique(s) ajoutée(s) à /root/.ssh/authorized_keys ; les clés déjà présentes sont gardées.`,
		verifier: `ab_lignes_presentes /root/.ssh/authorized_keys fichiers/hote/cles-ssh.pub`,
		commandes: ['ab_lignes_ajouter /root/.ssh/authorized_keys fichiers/hote/cles-ssh.pub'],
	});

	// --- Proxmox VE (procédure officielle « Install Proxmox VE on Debian ») ---
	ajouter({
		id: 'proxmox.outils',
		phase: 'Proxmox VE',
		titre: 'Installer les outils de téléchargement',
		description: 'curl et les certificats racine servent à récupérer la clé du dépôt Proxmox.',
		verifier: 'ab_paquets_presents curl ca-certificates',
		commandes: ['apt-get update', 'apt-get install -y curl ca-certificates'],
	});
	const r = c.versions?.cle_proxmox;
	const cle = r ? { url: r.url, algo: 'sha256', somme: r.sha256, source: 'configuration du site (versions.cle_proxmox)' } : px.cle;
	ajouter({
		id: 'proxmox.cle',
		phase: 'Proxmox VE',
		titre: `Installer la clé du dépôt Proxmox VE ${px.pve}`,
		description: `La clé est téléchargée puis sa somme ${cle.algo} est comparée à celle publiée (${cle.source}) ; une clé différente est refusée.`,
		verifier: `ab_somme_conforme ${cheminCleProxmox(c)} ${cle.algo} ${cle.somme}`,
		commandes: [`ab_telecharger_verifie ${cle.url} ${cheminCleProxmox(c)} ${cle.algo} ${cle.somme}`],
	});
	const depot = fichierHote('fichiers/hote/etc/apt/sources.list.d/proxmox.sources', '/etc/apt/sources.list.d/proxmox.sources', '0644');
	ajouter({
		id: 'proxmox.depot',
		phase: 'Proxmox VE',
		titre: 'Déclarer le dépôt « pve-no-subscription »',
		description: `Dépôt gratuit de Proxmox VE ${px.pve} pour Debian ${px.suite}, signé par la clé vérifiée.`,
		verifier: depot.verifier,
		commandes: [depot.commande],
	});
	ajouter({
		id: 'proxmox.noyau',
		phase: 'Proxmox VE',
		titre: 'Mettre le système à jour et installer le noyau Proxmox',
		description: 'Mise à jour complète de Debian puis installation de proxmox-default-kernel.',
		verifier: 'ab_paquets_presents proxmox-default-kernel',
		commandes: ['apt-get update', 'apt-get full-upgrade -y', 'apt-get install -y proxmox-default-kernel'],
	});
	ajouter({
		id: 'proxmox.redemarrage',
		phase: 'Proxmox VE',
		titre: 'Démarrer sur le noyau Proxmox',
		description: 'Si la machine tourne encore sur le noyau Debian, le script s’arrête et demande un redémarrage ; relance ensuite « ./deploy.sh apply », il reprendra ici.',
		verifier: 'ab_noyau_proxmox_actif',
		commandes: ['ab_demander_redemarrage'],
	});
	ajouter({
		id: 'proxmox.paquets',
		phase: 'Proxmox VE',
		titre: 'Installer Proxmox VE',
		description: 'Paquets proxmox-ve, postfix (configuré en « local only »), open-iscsi et chrony.',
		verifier: 'ab_paquets_presents proxmox-ve postfix open-iscsi chrony',
		commandes: ['debconf-set-selections fichiers/hote/debconf-postfix.txt', 'apt-get install -y proxmox-ve postfix open-iscsi chrony'],
	});
	ajouter({
		id: 'proxmox.depot-entreprise',
		phase: 'Proxmox VE',
		titre: 'Retirer les dépôts « enterprise »',
		description: 'Ils demandent un abonnement payant et font échouer apt-get update sans lui.',
		verifier: 'ab_depots_entreprise_absents',
		commandes: ['ab_depots_entreprise_retirer'],
	});
	const noyaux = px.noyauxDebian.map(q).join(' ');
	ajouter({
		id: 'proxmox.noyau-debian',
		phase: 'Proxmox VE',
		titre: 'Retirer le noyau Debian',
		description: 'Le noyau Proxmox le remplace ; l’ancien ne recevrait plus les correctifs adaptés.',
		verifier: `ab_paquets_absents ${noyaux}`,
		commandes: [`apt-get remove -y ${noyaux}`, 'update-grub'],
	});
	ajouter({
		id: 'proxmox.os-prober',
		phase: 'Proxmox VE',
		titre: 'Retirer os-prober',
		description: 'Sinon, le menu de démarrage pourrait ajouter les disques des machines virtuelles.',
		verifier: 'ab_paquets_absents os-prober',
		commandes: ['apt-get remove -y os-prober'],
	});
	const auto = fichierHote('fichiers/hote/etc/apt/apt.conf.d/20auto-upgrades', '/etc/apt/apt.conf.d/20auto-upgrades', '0644');
	const autoLocal = fichierHote('fichiers/hote/etc/apt/apt.conf.d/52alliance-boreale', '/etc/apt/apt.conf.d/52alliance-boreale', '0644');
	ajouter({
		id: 'hote.mises-a-jour',
		phase: 'Proxmox VE',
		titre: 'Activer les mises à jour de sécurité automatiques',
		description: 'unattended-upgrades applique chaque jour les correctifs de sécurité Debian ; Proxmox reste à jour à la main.',
		verifier: `ab_paquets_presents unattended-upgrades && ${auto.verifier} && ${autoLocal.verifier}`,
		commandes: ['apt-get install -y unattended-upgrades', auto.commande, autoLocal.commande],
	});

	// --- Réseau ---
	const reseau = fichierHote('fichiers/hote/etc/network/interfaces', '/etc/network/interfaces', '0644');
	ajouter({
		id: 'reseau.pont',
		phase: 'Réseau et pare-feu',
		titre: `Créer le pont ${c.hote.pont}${c.hote.vlan ? ` (VLAN ${c.hote.vlan})` : ''}`,
		description: `L’adresse ${c.hote.adresse} passe de ${c.hote.interface} au pont ${c.hote.pont}, auquel les conteneurs se branchent. La connexion SSH peut couper quelques secondes.`,
		verifier: reseau.verifier,
		commandes: [reseau.commande, 'ifreload -a'],
	});
	const nft = fichierHote('fichiers/hote/etc/nftables.conf', '/etc/nftables.conf', '0755');
	ajouter({
		id: 'reseau.pare-feu',
		phase: 'Réseau et pare-feu',
		titre: 'Activer le pare-feu de l’hôte',
		description: `nftables n’ouvre SSH et l’interface web (8006) qu’aux réseaux ${c.pare_feu.admin.join(', ')} ; le trafic des conteneurs n’est pas filtré ici.`,
		verifier: `${nft.verifier} && ab_unite_activee nftables`,
		commandes: [nft.commande, 'nft -f /etc/nftables.conf', 'systemctl enable nftables'],
	});

	// --- Cluster : avant tout conteneur, car « pvecm add » refuse un nœud qui en a déjà. ---
	if (c.cluster) {
		const cl = c.cluster;
		ajouter(
			cl.role === 'creer'
				? {
						id: 'cluster.creer',
						phase: 'Cluster',
						titre: `Créer le cluster « ${cl.nom} »`,
						description: 'Ce nœud devient le premier membre ; les suivants le rejoignent avec role: rejoindre.',
						verifier: 'ab_cluster_present',
						commandes: [`pvecm create ${q(cl.nom)} --link0 ${ipHote}`],
					}
				: {
						id: 'cluster.rejoindre',
						phase: 'Cluster',
						titre: `Rejoindre le cluster « ${cl.nom} » via ${cl.pair}`,
						description: 'Le mot de passe root du nœud membre est demandé une fois ; la clé SSH de ce nœud y est ensuite déposée.',
						verifier: 'ab_cluster_present',
						commandes: [`pvecm add ${cl.pair} --link0 ${ipHote} --use_ssh 1`],
					},
		);
	}

	// --- Modèles ---
	const tpl = modele(c);
	ajouter({
		id: 'modeles.debian',
		phase: 'Modèles',
		titre: `Télécharger le modèle ${tpl}`,
		description: 'Système de base des conteneurs ; pveam vérifie sa somme contre l’index signé de Proxmox.',
		verifier: `ab_modele_present ${q(c.stockage.modeles)} ${q(tpl)}`,
		commandes: ['pveam update', `pveam download ${q(c.stockage.modeles)} ${q(tpl)}`],
	});

	// --- Conteneurs ---
	const dns = c.hote.dns.join(' ');
	for (const s of c.services) {
		const def = CATALOGUE[s.service];
		const net = `name=eth0,bridge=${c.hote.pont},ip=${s.adresse},gw=${c.hote.passerelle}${c.hote.vlan ? `,tag=${c.hote.vlan}` : ''},firewall=0`;
		ajouter({
			id: `ct.${s.nom}.creer`,
			phase: 'Conteneurs',
			titre: `Créer le conteneur ${s.id} « ${s.nom} » — ${def.titre}`,
			description: `Conteneur LXC non privilégié : ${s.coeurs} cœur(s), ${s.memoire} Mio, ${s.disque} Gio sur ${c.stockage.conteneurs}, adresse ${s.adresse}.`,
			verifier: `ab_ct_existe ${s.id}`,
			commandes: [
				[
					`pct create ${s.id} ${q(`${c.stockage.modeles}:vztmpl/${tpl}`)}`,
					`--hostname ${q(s.nom)} --cores ${s.coeurs} --memory ${s.memoire} --swap 512`,
					`--rootfs ${q(`${c.stockage.conteneurs}:${s.disque}`)} --net0 ${q(net)}`,
					`--nameserver ${q(dns)} --searchdomain ${q(c.site.domaine)} --timezone ${q(c.site.fuseau)}`,
					`--unprivileged 1 --features nesting=1 --onboot 1 --ostype debian`,
					`--ssh-public-keys fichiers/hote/cles-ssh.pub --tags alliance-boreale`,
				].join(' '),
			],
		});
		ajouter({
			id: `ct.${s.nom}.ressources`,
			phase: 'Conteneurs',
			titre: `Ajuster les ressources du conteneur ${s.id}`,
			description: `Cœurs et mémoire suivent la configuration (${s.coeurs} cœur(s), ${s.memoire} Mio), même après une modification du fichier.`,
			verifier: `ab_ct_ressources_conformes ${s.id} ${s.coeurs} ${s.memoire}`,
			commandes: [`pct set ${s.id} --cores ${s.coeurs} --memory ${s.memoire}`],
		});
		ajouter({
			id: `ct.${s.nom}.demarrer`,
			phase: 'Conteneurs',
			titre: `Démarrer le conteneur ${s.id}`,
			description: 'Il redémarrera aussi avec la machine (onboot).',
			verifier: `ab_ct_en_marche ${s.id}`,
			commandes: [`pct start ${s.id}`],
		});
	}

	// --- Services ---
	for (const s of c.services) {
		const def = CATALOGUE[s.service];
		const archives = s.service === 'nextcloud' ? [archive(c, 'nextcloud')] : s.service === 'synapse' ? [archive(c, 'element')] : [];
		for (const a of archives) {
			const dest = `${CACHE}/${a.fichier}`;
			ajouter({
				id: `svc.${s.nom}.archive`,
				phase: 'Services',
				titre: `Télécharger ${a.fichier}`,
				description: `L’hôte télécharge l’archive et vérifie sa somme sha256 (${a.source}) avant de la confier au conteneur.`,
				verifier: `ab_somme_conforme ${dest} sha256 ${a.sha256}`,
				commandes: [`ab_telecharger_verifie ${q(a.url)} ${dest} sha256 ${a.sha256}`],
			});
		}
		for (const secret of SECRETS_SERVICE[s.service] ?? []) {
			ajouter({
				id: `svc.${s.nom}.secret.${secret}`,
				phase: 'Services',
				titre: `Préparer le secret « ${secret} »`,
				description: `Mot de passe lu dans ${SECRETS}/${secret} (mode 0600) ; s’il manque, il est demandé au clavier ou tiré au hasard. Il n’est jamais affiché ni journalisé.`,
				verifier: `ab_secret_present ${secret}`,
				commandes: [`ab_secret_creer ${secret}`],
			});
		}
		const empreinte = empreinteService(fichiers, s);
		const paquet = `${ETAT}/paquets/${s.service}.tar`;
		const commandes = [
			`ab_paquet_service ${s.service} ${paquet}`,
			`pct push ${s.id} ${paquet} /root/alliance-boreale.tar`,
			`pct exec ${s.id} -- tar -xf /root/alliance-boreale.tar -C /root`,
		];
		for (const a of archives) commandes.push(`pct push ${s.id} ${CACHE}/${a.fichier} /root/alliance-boreale/${a.fichier}`);
		for (const secret of SECRETS_SERVICE[s.service] ?? []) {
			commandes.push(`pct exec ${s.id} -- install -d -m 0700 /root/alliance-boreale/secrets`);
			commandes.push(`pct push ${s.id} ${SECRETS}/${secret} /root/alliance-boreale/secrets/${secret} --perms 0600`);
		}
		commandes.push(`pct exec ${s.id} -- bash /root/alliance-boreale/services/${s.service}.sh installer`);
		commandes.push(`ab_marquer ct-${s.id}-${s.service} ${empreinte}`);
		ajouter({
			id: `svc.${s.nom}.installer`,
			phase: 'Services',
			titre: `Installer ${def.titre} dans le conteneur ${s.id}`,
			description: `Route : ${def.route}. Le script du service regarde chaque étape avant d’agir ; il n’est relancé que si son contenu ou la configuration change.`,
			verifier: `ab_service_a_jour ${s.id} ${s.service} ${empreinte}`,
			commandes,
		});
	}

	// --- Sauvegardes ---
	const sv = c.sauvegardes;
	if (sv.pbs) {
		const p = sv.pbs;
		ajouter({
			id: 'sauvegardes.pbs-secret',
			phase: 'Sauvegardes',
			titre: 'Préparer le mot de passe Proxmox Backup Server',
			description: `Lu dans ${SECRETS}/pbs (mode 0600) ou demandé au clavier : c’est le mot de passe du compte ${p.utilisateur} sur le serveur de sauvegarde. Jamais affiché.`,
			verifier: 'ab_secret_present pbs',
			commandes: ['ab_secret_creer pbs exige'],
		});
		ajouter({
			id: 'sauvegardes.pbs',
			phase: 'Sauvegardes',
			titre: `Déclarer le stockage Proxmox Backup Server « ${p.stockage} »`,
			description: `Datastore ${p.datastore} sur ${p.serveur}, certificat vérifié par son empreinte.`,
			verifier: `ab_stockage_present ${q(p.stockage)}`,
			commandes: [`ab_pbs_ajouter ${q(p.stockage)} ${q(p.serveur)} ${q(p.datastore)} ${q(p.utilisateur)} ${q(p.empreinte)}`],
		});
	}
	const stockage = sv.pbs ? sv.pbs.stockage : c.stockage.sauvegardes;
	const k = sv.conservation;
	const idTache = `ab-${c.site.nom}`;
	ajouter({
		id: 'sauvegardes.tache',
		phase: 'Sauvegardes',
		titre: `Planifier les sauvegardes (${sv.horaire})`,
		description: `vzdump en mode snapshot vers « ${stockage} », rétention : ${k.quotidiennes} quotidiennes, ${k.hebdomadaires} hebdomadaires, ${k.mensuelles} mensuelles.`,
		verifier: `ab_tache_sauvegarde_presente ${q(idTache)}`,
		commandes: [
			[
				`pvesh create /cluster/backup --id ${q(idTache)} --schedule ${q(sv.horaire)} --storage ${q(stockage)}`,
				`--vmid ${c.services.map((s) => s.id).join(',')} --mode snapshot --compress zstd --enabled 1`,
				`--prune-backups ${q(`keep-daily=${k.quotidiennes},keep-weekly=${k.hebdomadaires},keep-monthly=${k.mensuelles}`)}`,
				`--notes-template ${q('{{guestname}} (Alliance Boréale)')}`,
			].join(' '),
		],
	});

	return { site: c.site.nom, domaine: c.site.domaine, actions: actions.map((a, i) => ({ numero: i + 1, ...a, titre: typo(a.titre), description: typo(a.description) })) };
}

/** Le plan en texte lisible, tel que l'affichent `npm run stack -- plan` et le Configurateur. */
export function planEnTexte(plan: Plan): string {
	const l = [typo(`Plan du site « ${plan.site} » (${plan.domaine}) : ${plan.actions.length} actions.`), typo('Chaque action regarde d’abord l’état de la machine ; ce qui est déjà en place n’est pas refait.'), ''];
	let phase = '';
	for (const a of plan.actions) {
		if (a.phase !== phase) {
			phase = a.phase;
			l.push(`== ${phase} ==`);
		}
		l.push(`[${a.numero}] ${a.titre}`, `    ${a.description}`, `    vérifie\u00a0: ${a.verifier}`);
		for (const cmd of a.commandes) l.push(`    $ ${cmd}`);
		l.push('');
	}
	return l.join('\n');
}
