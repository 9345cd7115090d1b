/**
 * The Debian mirror comes from the machine's own apt sources (or
 * LABO_DEBIAN_MIRROR), never from a host written in the code.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** First `debian` archive URI (not security, not third-party) found in apt's sources. */
export function debianMirror(env = process.env, aptDir = '/etc/apt'): string {
	if (env.LABO_DEBIAN_MIRROR) return env.LABO_DEBIAN_MIRROR;
	const candidates: string[] = [];
	const list = join(aptDir, 'sources.list');
	if (existsSync(list)) {
		for (const line of readFileSync(list, 'utf8').split('\n')) {
			const m = line.match(/^\s*deb\s+(?:\[[^\]]*\]\s+)?(\S+)\s+(\S+)/);
			if (m) candidates.push(m[1]!);
		}
	}
	const dir = join(aptDir, 'sources.list.d');
	if (existsSync(dir)) {
		for (const name of readdirSync(dir).sort()) {
			const text = readFileSync(join(dir, name), 'utf8');
			if (name.endsWith('.sources')) {
				for (const stanza of text.split(/\n\s*\n/)) {
					if (/^Enabled:\s*no/im.test(stanza)) continue;
					if (!/^Types:.*\bdeb\b/im.test(stanza)) continue;
					const uris = stanza.match(/^URIs:\s*(.+)$/im);
					if (uris) candidates.push(...uris[1]!.trim().split(/\s+/));
				}
			} else if (name.endsWith('.list')) {
				for (const line of text.split('\n')) {
					const m = line.match(/^\s*deb\s+(?:\[[^\]]*\]\s+)?(\S+)/);
					if (m) candidates.push(m[1]!);
				}
			}
		}
	}
	const debian = candidates.find((uri) => /\/debian\/?$/.test(uri) && !/security/.test(uri));
	if (!debian) {
		throw new Error(
			'Aucun miroir Debian trouvé dans /etc/apt/sources.list ni /etc/apt/sources.list.d/*.sources : ' +
				'indiquez-en un avec la variable LABO_DEBIAN_MIRROR (par exemple votre miroir local).',
		);
	}
	return debian;
}
