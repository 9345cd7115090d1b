import { describe, expect, it } from 'vitest';
import { fillFidHoles, repairFidHoles, type V86With9p } from '../../src/machine/v86/nine-p-fids.ts';

const fid = (inodeid: number) => ({ inodeid, type: 1, uid: 1000, dbg_name: 'x' });

function emulatorWith(fids: Array<ReturnType<typeof fid> | undefined>): V86With9p {
	return { v86: { cpu: { devices: { virtio_9p: { fids } } } } };
}

describe('fids du 9p de v86 avant un enregistrement', () => {
	it('comble les trous par des fids relâchés, sans toucher aux autres : le JSON de l’état ne contient plus de null', () => {
		const fids: Array<ReturnType<typeof fid> | undefined> = [];
		fids[0] = fid(1);
		fids[3] = fid(7);
		expect(JSON.stringify(fids)).toContain('null'); // what v86 would write, and fail to read back
		const emulator = emulatorWith(fids);
		expect(fillFidHoles(emulator)).toBe(2);
		expect(fids).toEqual([fid(1), { inodeid: -1, type: -1, uid: 0, dbg_name: '' }, { inodeid: -1, type: -1, uid: 0, dbg_name: '' }, fid(7)]);
		expect(JSON.stringify(fids)).not.toContain('null');
		expect(fillFidHoles(emulator)).toBe(0);
	});

	it('ne fait rien sans périphérique 9p (machine sans système de fichiers partagé)', () => {
		expect(fillFidHoles({})).toBe(0);
		expect(fillFidHoles({ v86: { cpu: { devices: {} } } })).toBe(0);
	});
});

/** A raw state laid out as v86 writes it: header, JSON, buffers from the next multiple of 4. */
function rawState(info: unknown, buffers: Uint8Array): ArrayBuffer {
	const json = new TextEncoder().encode(JSON.stringify(info));
	const at = (16 + json.byteLength + 3) & ~3;
	const out = new ArrayBuffer(at + buffers.byteLength);
	new Int32Array(out, 0, 4).set([0x86768676 | 0, 6, out.byteLength, json.byteLength]);
	new Uint8Array(out, 16).set(json);
	new Uint8Array(out, at).set(buffers);
	return out;
}

function readState(state: ArrayBuffer): { info: { state: unknown[] }; buffers: Uint8Array; total: number } {
	const [, , total, infoBytes] = new Int32Array(state, 0, 4) as unknown as number[];
	const info = JSON.parse(new TextDecoder().decode(new Uint8Array(state, 16, infoBytes)));
	return { info, buffers: new Uint8Array(state, (16 + infoBytes! + 3) & ~3), total: total! };
}

describe('machine enregistrée avec des trous dans ses fids (avant le correctif)', () => {
	const device = (fids: unknown[]) => ['host9p', 6, {}, 'VERSION', 8192, 131072, [], 0, fids, {}];
	const cpuState = (fids: unknown[]) => Object.assign(new Array(45).fill(0), { 45: device(fids) });
	const buffers = Uint8Array.from({ length: 37 }, (_, i) => i);

	it('remplace les trous par des fids relâchés et garde les tampons intacts', () => {
		const holed = rawState({ buffer_infos: [{ offset: 0, length: 37 }], state: cpuState([[1, 1, 0, 'a'], null, [3, 1, 0, 'c']]) }, buffers);
		const repaired = readState(repairFidHoles(holed));
		expect((repaired.info.state[45] as unknown[])[8]).toEqual([[1, 1, 0, 'a'], [-1, -1, 0, ''], [3, 1, 0, 'c']]);
		expect(repaired.buffers).toEqual(buffers);
		expect(repaired.total).toBe(repairFidHoles(holed).byteLength);
	});

	it('rend tel quel un état sans trou, compressé ou d’une autre forme', () => {
		const whole = rawState({ buffer_infos: [], state: cpuState([[1, 1, 0, 'a']]) }, buffers);
		expect(repairFidHoles(whole)).toBe(whole);
		const zstd = Uint32Array.of(0xfd2fb528, 1, 2, 3).buffer;
		expect(repairFidHoles(zstd)).toBe(zstd);
		const other = rawState({ buffer_infos: [], state: [1, 2, 3] }, buffers);
		expect(repairFidHoles(other)).toBe(other);
	});
});
