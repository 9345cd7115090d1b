/**
 * The command that sets the guest's clock, and what the start says when the
 * guest refuses it. The machine here is a stand-in answering as the agent
 * would; the real guest sets its clock in tests/vm/guest.test.ts and in
 * Chromium in tests/e2e/lab.test.ts.
 */
import { describe, expect, it } from 'vitest';
import type { CheckResult } from '../../src/machine/agent.ts';
import { setClockCommand, setGuestClock } from '../../src/machine/guest-clock.ts';

const answer = (status: number, output = ''): CheckResult => ({ status, output, ok: status === 0, timedOut: status === 124, durationMs: 5 });

describe('horloge de la machine', () => {
	it('écrit l’heure en secondes UTC depuis 1970, à la milliseconde', () => {
		expect(setClockCommand(Date.UTC(2026, 11, 6, 21, 30, 0, 250))).toBe('date -u -s @1796592600.250 >/dev/null');
		expect(setClockCommand(0)).toBe('date -u -s @0.000 >/dev/null');
	});

	it('refuse une heure qui n’en est pas une, en le disant', () => {
		expect(() => setClockCommand(Number.NaN)).toThrow('heure invalide pour la machine : NaN (attendu : millisecondes depuis 1970)');
		expect(() => setClockCommand(-1)).toThrow(/heure invalide/);
	});

	it('envoie l’heure du moment où elle est demandée', async () => {
		const sent: string[] = [];
		await setGuestClock({ check: async (command) => (sent.push(command), answer(0)) }, () => 1_000_000);
		expect(sent).toEqual(['date -u -s @1000.000 >/dev/null']);
	});

	it('dit en français ce que la machine a répondu quand elle refuse', async () => {
		const refused = { check: async () => answer(1, 'date: cannot set date: Operation not permitted\n') };
		await expect(setGuestClock(refused, () => 0)).rejects.toThrow(
			'l’horloge de la machine n’a pas été mise à l’heure (date: cannot set date: Operation not permitted) : date et les dates des fichiers peuvent être en retard',
		);
		await expect(setGuestClock({ check: async () => answer(124) }, () => 0)).rejects.toThrow('(code 124)');
	});
});
