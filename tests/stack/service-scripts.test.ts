/**
 * Static checks of the service scripts (src/stack/shell/services/*.sh) that
 * the stand-ins cannot see: each « ab_assurer … ab_paquets_presents P… -- A »
 * must install every package P it then checks, or `apply` dies with « l’état
 * attendu n’est pas atteint » on a real container (#15 point 3: Synapse
 * checked nginx, which its installer never installed).
 */
import { describe, it, expect } from 'vitest';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

const SERVICES = join(import.meta.dirname, '..', '..', 'src', 'stack', 'shell', 'services');

/** Arguments of `ab_apt_installer` in a command or in the body of the function it calls. */
function installedBy(script: string, action: string[]): string[] {
	if (action[0] === 'ab_apt_installer') return action.slice(1);
	const body = script.match(new RegExp(`^${action[0]}\\(\\) \\{\\n([\\s\\S]*?)^\\}`, 'm'))?.[1] ?? '';
	return [...body.matchAll(/ab_apt_installer ([^\n]+)/g)].flatMap((m) => m[1].split(/\s+/));
}

describe('scripts de service : chaque paquet vérifié est installé par l’action qui le suit', () => {
	it.each(readdirSync(SERVICES).filter((f) => f.endsWith('.sh')))('%s', (file) => {
		const script = readFileSync(join(SERVICES, file), 'utf8');
		const lines = [...script.matchAll(/ab_assurer "[^"]*" ab_paquets_presents ([^\n]*?) -- ([^\n]*)/g)];
		expect(lines.length, 'au moins une installation de paquets').toBeGreaterThan(0);
		for (const [line, checked, action] of lines) {
			const installed = installedBy(script, action.trim().split(/\s+/));
			const missing = checked.trim().split(/\s+/).filter((p) => !installed.includes(p));
			expect(missing, line).toEqual([]);
		}
	});
});
