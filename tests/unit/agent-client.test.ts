import { afterEach, describe, expect, it, vi } from 'vitest';
import { AgentClient } from '../../src/machine/agent.ts';

const text = (bytes: Uint8Array): string => new TextDecoder().decode(bytes);

/** Plays the guest's side: what it receives, and a way to answer. */
function fakeGuest() {
	const frames: string[] = [];
	const agent = new AgentClient((bytes) => frames.push(text(bytes)));
	const answer = (id: number, status: number, output: string, noise = ''): void => {
		const body = new TextEncoder().encode(output);
		for (const b of [...new TextEncoder().encode(`${noise}\nLABO-R ${id} ${status} ${body.length}\n`), ...body]) agent.receive(b);
	};
	return { agent, frames, answer };
}

afterEach(() => {
	vi.useRealTimers();
});

describe('client de l’agent des laboratoires', () => {
	it('découpe les réponses même entourées de bruit et encode la commande sur une ligne', async () => {
		const { agent, frames, answer } = fakeGuest();
		const result = agent.run('echo "é"', 3);
		expect(frames).toEqual(['LABO 1 3 echo \\x22\\xc3\\xa9\\x22\n']);
		answer(1, 2, 'ligne 1\nété', 'bruit\r');
		expect(await result).toMatchObject({ status: 2, output: 'ligne 1\nété', ok: false, timedOut: false });
	});

	it('n’envoie une demande qu’une fois la précédente répondue (le read de bash perdrait la seconde)', async () => {
		const { agent, frames, answer } = fakeGuest();
		const first = agent.run('stty -F /dev/ttyS0 cols 80 rows 24', 5);
		const second = agent.run('mkdir -p atelier', 60);
		expect(frames).toHaveLength(1);
		answer(1, 0, '');
		expect(await first).toMatchObject({ status: 0 });
		expect(frames).toHaveLength(2);
		expect(frames[1]).toMatch(/^LABO 2 60 mkdir -p atelier\n$/);
		answer(2, 0, 'fait');
		expect(await second).toMatchObject({ output: 'fait', ok: true });
	});

	it('passe à la demande suivante quand l’agent ne répond pas, et compte le délai depuis l’envoi', async () => {
		vi.useFakeTimers();
		const { agent, frames, answer } = fakeGuest();
		const stuck = agent.run('sleep 100', 1);
		const next = agent.run('true', 1);
		const stuckFailed = expect(stuck).rejects.toThrow(/n’a pas répondu \(commande 1\)/);
		await vi.advanceTimersByTimeAsync(5_999);
		expect(frames).toHaveLength(1);
		await vi.advanceTimersByTimeAsync(1);
		await stuckFailed;
		expect(frames).toHaveLength(2);
		// The second request waited 6 s in the queue; its own limit starts now.
		await vi.advanceTimersByTimeAsync(5_000);
		answer(2, 0, '');
		expect(await next).toMatchObject({ ok: true });
	});

	it('annule aussi les demandes en attente quand la machine s’arrête, puis repart proprement', async () => {
		const { agent, frames, answer } = fakeGuest();
		const sent = agent.run('true', 2);
		const queued = agent.run('false', 2);
		agent.cancelAll('machine restaurée');
		await expect(sent).rejects.toThrow('machine restaurée');
		await expect(queued).rejects.toThrow('machine restaurée');
		expect(frames).toHaveLength(1);
		const after = agent.run('echo reprise', 2);
		const afterToo = agent.run('echo encore', 2);
		expect(frames).toHaveLength(2);
		answer(3, 0, 'reprise');
		expect(await after).toMatchObject({ output: 'reprise' });
		expect(frames).toHaveLength(3);
		answer(4, 0, 'encore');
		expect(await afterToo).toMatchObject({ output: 'encore' });
	});

	it('rejette la demande dont l’envoi échoue, sans bloquer les suivantes', async () => {
		let broken = true;
		const frames: string[] = [];
		const agent = new AgentClient((bytes) => {
			if (broken) throw new Error('port série fermé');
			frames.push(text(bytes));
		});
		await expect(agent.run('true', 2)).rejects.toThrow('port série fermé');
		broken = false;
		void agent.run('true', 2).catch(() => {});
		expect(frames).toHaveLength(1);
		agent.cancelAll('fin');
	});
});
