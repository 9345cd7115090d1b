/**
 * Les deux seuls services que l'hôte d'essai et ses conteneurs peuvent joindre
 * (voir reseau.sh), lancés comme un processus à part par le banc :
 * - :3142, un cache apt (mandataire HTTP) qui ne relaie QUE vers le miroir Debian
 *   lu dans les sources apt de cette machine ; tout autre hôte reçoit 403. Les
 *   paquets (.deb, by-hash) sont gardés sur disque, les index 12 h : une seconde
 *   exécution ne retélécharge presque rien ;
 * - :8080, le serveur de fichiers du banc : archives d'éditeurs fabriquées pour
 *   le test (Nextcloud, Element, clé Proxmox) et dépôts apt doublures (Collabora,
 *   Matrix, Jitsi), épinglés par `versions:` ; le cache apt les relaie aussi.
 * Usage : node tests/host/serveur.ts ADRESSE CACHE_APT DOSSIER_FICHIERS MIROIR
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { createReadStream, existsSync, mkdirSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, normalize } from 'node:path';

const [adresse, cacheApt, fichiers, miroir] = process.argv.slice(2);
if (!adresse || !cacheApt || !fichiers || !miroir) {
	console.error('Usage : node tests/host/serveur.ts ADRESSE CACHE_APT DOSSIER_FICHIERS MIROIR');
	process.exit(2);
}
const base = new URL(miroir.endsWith('/') ? miroir : `${miroir}/`);
const INDEX_TTL_MS = 12 * 3600 * 1000;

/** Les fichiers qui ne changent jamais sous le même nom (paquets, index par somme). */
function immuable(chemin: string): boolean {
	return chemin.endsWith('.deb') || chemin.includes('/by-hash/') || chemin.includes('/pool/');
}

function envoyerFichier(res: ServerResponse, fichier: string, tete: boolean) {
	const taille = statSync(fichier).size;
	res.writeHead(200, { 'content-length': taille, 'content-type': 'application/octet-stream' });
	if (tete) res.end();
	else createReadStream(fichier).pipe(res);
}

async function apt(req: IncomingMessage, res: ServerResponse) {
	let url: URL;
	try {
		url = new URL(req.url ?? '');
	} catch {
		res.writeHead(400).end('URL absolue attendue (mandataire apt)\n');
		return;
	}
	// Le serveur de fichiers du banc lui-même (dépôts doublures de tests/host/depots.ts) : l'apt
	// des conteneurs passe par ce mandataire pour toute adresse HTTP.
	if (url.host === `${adresse}:8080`) {
		fichier(req, res);
		return;
	}
	// Seul le miroir Debian de cette machine est relayé : pas d'autre sortie pour le banc.
	if (url.protocol !== 'http:' || url.host !== base.host || !url.pathname.startsWith(base.pathname) || url.pathname.includes('..')) {
		res.writeHead(403).end(`refusé par le banc : seul ${base.href} est relayé\n`);
		return;
	}
	const local = normalize(join(cacheApt, url.host, url.pathname));
	const tete = req.method === 'HEAD';
	if (existsSync(local) && statSync(local).isFile()) {
		if (immuable(url.pathname) || Date.now() - statSync(local).mtimeMs < INDEX_TTL_MS) {
			envoyerFichier(res, local, tete);
			return;
		}
	}
	const r = await fetch(url, { redirect: 'follow' });
	if (!r.ok || !r.body) {
		res.writeHead(r.status).end();
		return;
	}
	const corps = Buffer.from(await r.arrayBuffer());
	mkdirSync(dirname(local), { recursive: true });
	const tmp = `${local}.${process.pid}.tmp`;
	writeFileSync(tmp, corps);
	renameSync(tmp, local);
	res.writeHead(200, { 'content-length': corps.length, 'content-type': 'application/octet-stream' });
	res.end(tete ? undefined : corps);
}

function fichier(req: IncomingMessage, res: ServerResponse) {
	const chemin = decodeURIComponent(new URL(req.url ?? '/', 'http://banc').pathname);
	const local = normalize(join(fichiers, chemin));
	if (!local.startsWith(normalize(fichiers)) || !existsSync(local) || !statSync(local).isFile()) {
		res.writeHead(404).end('absent du serveur de fichiers du banc\n');
		return;
	}
	envoyerFichier(res, local, req.method === 'HEAD');
}

const garde = (f: (req: IncomingMessage, res: ServerResponse) => unknown) => (req: IncomingMessage, res: ServerResponse) => {
	Promise.resolve(f(req, res)).catch((e: unknown) => {
		if (!res.headersSent) res.writeHead(502);
		res.end(`${String(e)}\n`);
	});
};

let prets = 0;
const pret = () => {
	prets += 1;
	if (prets === 2) console.log('pret');
};
createServer(garde(apt)).listen(3142, adresse, pret);
createServer(garde(fichier)).listen(8080, adresse, pret);
