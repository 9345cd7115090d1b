import { describe, expect, it } from 'vitest';
import { ScreenText } from '../../src/machine/v86/screen-text.ts';

/** Our logic alone: the terminal's text as tests and the image build read it, whatever the chunks. */
const encoder = new TextEncoder();
const PROMPT = '\x1b[?2004h\x1b]0;eleve@labo: ~/sauvegardes\x07\x1b[01;32meleve@labo\x1b[00m:\x1b[01;34m~/sauvegardes\x1b[00m$ ';

function fed(chunks: string[]): ScreenText {
	const screen = new ScreenText();
	for (const chunk of chunks) screen.append(encoder.encode(chunk));
	return screen;
}

describe('ScreenText', () => {
	it('removes colour codes and titles from a prompt that comes in one chunk', () => {
		expect(fed(['cd ~/sauvegardes\r\n', PROMPT]).text).toBe('cd ~/sauvegardes\r\neleve@labo:~/sauvegardes$ ');
	});

	it('gives the same text for every place a chunk can be cut (the CI failure: « \\x1b[0 » | « 0m: »)', () => {
		const whole = `cd ~/sauvegardes\r\n${PROMPT}`;
		for (let at = 1; at < whole.length; at++) {
			expect(fed([whole.slice(0, at), whole.slice(at)]).text, `coupé à ${at}`).toBe('cd ~/sauvegardes\r\neleve@labo:~/sauvegardes$ ');
		}
	});

	it('a prompt cut inside a colour code is still found', async () => {
		const screen = fed(['\r\neleve@labo\x1b[0']);
		const found = screen.waitFor(/\n[^\n]*eleve@labo:[^\n]*[$#] $/, 1000);
		screen.append(encoder.encode('0m:~$ '));
		await expect(found).resolves.toContain('eleve@labo:~$ ');
	});

	it('lets through a lone escape that never becomes a sequence', () => {
		expect(fed(['a\x1b', 'zb']).text).toBe('a\x1bzb');
		expect(fed([`x\x1b]0;${'t'.repeat(300)}`, 'y']).text).toBe(`x\x1b]0;${'t'.repeat(300)}y`);
	});
});
