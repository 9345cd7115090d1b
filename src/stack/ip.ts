/** Small IPv4 helpers to validate the configuration and write network files. */

const OCTET = '(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)';
/** Dotted IPv4 address, no leading zeros. */
export const IPV4 = new RegExp(`^${OCTET}(\\.${OCTET}){3}$`);
/** IPv4 address followed by a CIDR prefix from 8 to 30 (a useful LAN). */
export const IPV4_CIDR = new RegExp(`^${OCTET}(\\.${OCTET}){3}/([89]|[12]\\d|30)$`);

export function ipToNumber(ip: string): number {
	return ip.split('.').reduce((acc, o) => acc * 256 + Number(o), 0);
}

export function numberToIp(n: number): string {
	return [24, 16, 8, 0].map((d) => Math.floor(n / 2 ** d) % 256).join('.');
}

/** Splits « 192.168.1.5/24 » into address and prefix. */
export function splitCidr(cidr: string): { address: string; prefix: number } {
	const [address, prefix] = cidr.split('/');
	return { address, prefix: Number(prefix) };
}

/** Network of a CIDR address, e.g. « 192.168.1.0/24 ». */
export function networkOf(cidr: string): string {
	const { address, prefix } = splitCidr(cidr);
	const size = 2 ** (32 - prefix);
	return `${numberToIp(Math.floor(ipToNumber(address) / size) * size)}/${prefix}`;
}

/** True when `ip` belongs to the network of `cidr`. */
export function inNetwork(ip: string, cidr: string): boolean {
	const { address, prefix } = splitCidr(cidr);
	const size = 2 ** (32 - prefix);
	const base = Math.floor(ipToNumber(address) / size) * size;
	const n = ipToNumber(ip);
	return n >= base && n < base + size;
}

/** True when the address is its subnet's network or broadcast address. */
export function isNetworkOrBroadcast(cidr: string): boolean {
	const { address, prefix } = splitCidr(cidr);
	const size = 2 ** (32 - prefix);
	const r = ipToNumber(address) % size;
	return r === 0 || r === size - 1;
}
