import { gunzipSync } from 'node:zlib';
import { describe, expect, test } from 'vitest';
import { packState, unpackState } from '../../src/machine/browser/state-codec.ts';

describe('machine state codec', () => {
	// Like a v86 state: mostly zeros, some bytes that are not.
	const raw = new Uint8Array(1024 * 1024);
	for (let i = 0; i < raw.length; i += 4093) raw[i] = i % 251;

	test('packs as gzip, much smaller, and unpacks to the same bytes', async () => {
		const packed = await packState(raw.buffer);
		const bytes = new Uint8Array(await packed.arrayBuffer());
		expect([bytes[0], bytes[1]]).toEqual([0x1f, 0x8b]);
		expect(bytes.byteLength).toBeLessThan(raw.byteLength / 20);
		// Buffer.equals: a deep toEqual over a million bytes takes seconds.
		expect(gunzipSync(bytes).equals(raw)).toBe(true);
		expect(Buffer.from(await unpackState(packed)).equals(raw)).toBe(true);
	});

	test('refuses what is not one of its states', async () => {
		await expect(unpackState(new Blob(['pas un état']))).rejects.toThrow();
	});
});
