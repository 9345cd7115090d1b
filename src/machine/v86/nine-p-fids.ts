/**
 * v86's 9p device keeps the guest's fids in an array indexed by fid number,
 * and only fills a slot when a request for that fid succeeds: a walk to a
 * missing file leaves a hole. `save_state()` writes the array as JSON,
 * where a hole becomes `null`, and restoring such a state throws inside
 * v86 (`Cannot read properties of null`), so the machine never starts
 * again. Seen in the content tests: the lab « processus » saved once
 * prepared, with a process keeping the guest busy, never came back.
 */

/** A fid as v86 keeps it; `inodeid: -1`, `type: -1` is a fid the guest has let go. */
interface V86Fid {
	inodeid: number;
	type: number;
	uid: number;
	dbg_name: string;
}

/** How v86 marks a clunked fid; a hole becomes one (a copy each: v86 changes fids in place). */
const LET_GO: Readonly<V86Fid> = { inodeid: -1, type: -1, uid: 0, dbg_name: '' };

/** The part of v86's emulator that leads to its 9p device (property names v86 keeps in its build). */
export interface V86With9p {
	v86?: { cpu?: { devices?: { virtio_9p?: { fids?: Array<V86Fid | undefined> } } } };
}

/** Fills the holes with let-go fids. Returns how many it filled. */
export function fillFidHoles(emulator: V86With9p): number {
	const fids = emulator.v86?.cpu?.devices?.virtio_9p?.fids;
	if (!fids) return 0;
	let filled = 0;
	for (let fid = 0; fid < fids.length; fid++) {
		if (fids[fid]) continue;
		fids[fid] = { ...LET_GO };
		filled++;
	}
	return filled;
}

/** v86's raw state: a 16-byte header (magic, version, total length, JSON length), the JSON, then the buffers from the next multiple of 4. */
const STATE_MAGIC = 0x86768676 | 0;
const HEADER_BYTES = 16;
/** Where the CPU's state keeps the 9p device's, and that device its fids (pinned v86). */
const NINE_P_DEVICE = 45;
const NINE_P_FIDS = 8;
/** A let-go fid as `save_state()` writes it. */
const LET_GO_SAVED = [LET_GO.inodeid, LET_GO.type, LET_GO.uid, LET_GO.dbg_name];

const align4 = (n: number) => (n + 3) & ~3;

/**
 * A raw state saved with holes in its fids (by a version of the site
 * before the fix above) made readable again: the holes become let-go fids.
 * Anything else (zstd, another layout, no hole) is returned as it is.
 */
export function repairFidHoles(state: ArrayBuffer): ArrayBuffer {
	if (state.byteLength < HEADER_BYTES) return state;
	const [magic, version, , infoBytes] = new Int32Array(state, 0, 4) as unknown as number[];
	if (magic !== STATE_MAGIC || infoBytes! <= 0 || HEADER_BYTES + infoBytes! > state.byteLength) return state;
	let info: { state?: unknown[] };
	try {
		info = JSON.parse(new TextDecoder().decode(new Uint8Array(state, HEADER_BYTES, infoBytes)));
	} catch {
		return state; // v86 says what is wrong with it
	}
	const device = info.state?.[NINE_P_DEVICE];
	if (!Array.isArray(device)) return state;
	const fids: unknown = device[NINE_P_FIDS];
	if (!Array.isArray(fids) || !fids.includes(null)) return state;
	if (!fids.every((fid) => fid === null || (Array.isArray(fid) && fid.length === 4))) return state;
	device[NINE_P_FIDS] = fids.map((fid) => fid ?? LET_GO_SAVED);

	const newInfo = new TextEncoder().encode(JSON.stringify(info));
	const oldBuffersAt = align4(HEADER_BYTES + infoBytes!);
	const newBuffersAt = align4(HEADER_BYTES + newInfo.byteLength);
	const buffers = new Uint8Array(state, oldBuffersAt);
	const out = new ArrayBuffer(newBuffersAt + buffers.byteLength);
	new Int32Array(out, 0, 4).set([STATE_MAGIC, version!, out.byteLength, newInfo.byteLength]);
	new Uint8Array(out, HEADER_BYTES).set(newInfo);
	new Uint8Array(out, newBuffersAt).set(buffers);
	return out;
}
