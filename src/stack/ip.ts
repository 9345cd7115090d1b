/** Petits calculs IPv4 pour valider et générer la configuration réseau. */

const OCTET = '(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)';
/** Adresse IPv4 en notation pointée, sans zéros de tête. */
export const IPV4 = new RegExp(`^${OCTET}(\\.${OCTET}){3}$`);
/** Adresse IPv4 suivie d'un préfixe CIDR de 8 à 30 (un réseau local utile). */
export const IPV4_CIDR = new RegExp(`^${OCTET}(\\.${OCTET}){3}/([89]|[12]\\d|30)$`);

export function ipEnEntier(ip: string): number {
	return ip.split('.').reduce((acc, o) => acc * 256 + Number(o), 0);
}

export function entierEnIp(n: number): string {
	return [24, 16, 8, 0].map((d) => Math.floor(n / 2 ** d) % 256).join('.');
}

/** Sépare « 192.168.1.5/24 » en adresse et préfixe. */
export function separerCidr(cidr: string): { adresse: string; prefixe: number } {
	const [adresse, prefixe] = cidr.split('/');
	return { adresse, prefixe: Number(prefixe) };
}

/** Réseau d'une adresse CIDR, par exemple « 192.168.1.0/24 ». */
export function reseauDe(cidr: string): string {
	const { adresse, prefixe } = separerCidr(cidr);
	const taille = 2 ** (32 - prefixe);
	const debut = Math.floor(ipEnEntier(adresse) / taille) * taille;
	return `${entierEnIp(debut)}/${prefixe}`;
}

/** Vrai si `ip` appartient au réseau de `cidr`. */
export function dansReseau(ip: string, cidr: string): boolean {
	const { prefixe } = separerCidr(cidr);
	const taille = 2 ** (32 - prefixe);
	const base = Math.floor(ipEnEntier(separerCidr(cidr).adresse) / taille) * taille;
	const n = ipEnEntier(ip);
	return n >= base && n < base + taille;
}

/** Vrai si l'adresse est celle du réseau ou de diffusion de son sous-réseau. */
export function adresseReservee(cidr: string): boolean {
	const { adresse, prefixe } = separerCidr(cidr);
	const taille = 2 ** (32 - prefixe);
	const r = ipEnEntier(adresse) % taille;
	return r === 0 || r === taille - 1;
}
