/**
 * The command that sets the guest's clock, and what the start says when the
 * guest refuses it. The machine here is a stand-in answering as the agent
 * would; the real guest sets its clock in tests/vm/guest.test.ts and in
 * Chromium in tests/e2e/lab.test.ts.
 */
import { describe, expect, it, vi } from 'vitest';
import type { CheckResult } from '../../src/machine/agent.ts';
import { clockOrTimeout, setClockCommand, setGuestClock, setGuestClockOrWarn } from '../../src/machine/guest-clock.ts';

const answer = (status: number, output = '', durationMs = 5): CheckResult => ({ status, output, ok: status === 0, timedOut: status === 124, durationMs });

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

	it('renvoie l’heure quand la première réponse a tardé : l’heure envoyée avait vieilli dans l’invité', async () => {
		const sent: string[] = [];
		let clock = 1_000_000;
		const slowFirst = {
			check: async (command: string) => {
				sent.push(command);
				clock += 5000;
				return answer(0, '', sent.length === 1 ? 5000 : 300);
			},
		};
		await setGuestClock(slowFirst, () => clock);
		expect(sent).toEqual(['date -u -s @1000.000 >/dev/null', 'date -u -s @1005.000 >/dev/null']);
	});

	it('la première commande de l’élève attend l’horloge, une seconde au plus', async () => {
		vi.useFakeTimers();
		try {
			let settled = false;
			void clockOrTimeout(new Promise(() => {})).then(() => (settled = true));
			await vi.advanceTimersByTimeAsync(999);
			expect(settled).toBe(false);
			await vi.advanceTimersByTimeAsync(1);
			expect(settled).toBe(true);
			let early = false;
			void clockOrTimeout(Promise.reject(new Error('refus'))).then(() => (early = true));
			await vi.advanceTimersByTimeAsync(0);
			expect(early).toBe(true);
		} finally {
			vi.useRealTimers();
		}
	});

	it('dit en français ce que la machine a répondu quand elle refuse', async () => {
		const refused = { check: async () => answer(1, 'date: cannot set date: Operation not permitted\n') };
		await expect(setGuestClock(refused, () => 0)).rejects.toThrow(
			'l’horloge de la machine n’a pas été mise à l’heure (date: cannot set date: Operation not permitted) : date et les dates des fichiers peuvent être en retard',
		);
		await expect(setGuestClock({ check: async () => answer(124) }, () => 0)).rejects.toThrow('(code 124)');
	});

	it('au démarrage d’un labo, un refus devient un avertissement en français et le labo continue', async () => {
		const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
		try {
			expect(await setGuestClockOrWarn({ check: async () => answer(0) }, () => 0)).toBe(true);
			expect(warn).not.toHaveBeenCalled();
			expect(await setGuestClockOrWarn({ check: async () => answer(1, 'refusé') }, () => 0)).toBe(false);
			expect(warn).toHaveBeenCalledWith(
				'Machine du laboratoire : l’horloge de la machine n’a pas été mise à l’heure (refusé) : date et les dates des fichiers peuvent être en retard.',
			);
		} finally {
			warn.mockRestore();
		}
	});
});
