/**
 * A machine's state as kept in IndexedDB: v86's raw state (~30–90 MB)
 * gzip-compressed with the browser's own CompressionStream. Chromium runs
 * that compression in the calling thread, in tasks of up to a second on a
 * slow machine (bench/results/lab-browser.md): call these from the
 * machine's worker, never from the page.
 */

async function transform(data: Blob, stream: CompressionStream | DecompressionStream): Promise<Blob> {
	return new Response(data.stream().pipeThrough(stream)).blob();
}

/** Raw v86 state → what the store keeps. */
export function packState(raw: ArrayBuffer): Promise<Blob> {
	return transform(new Blob([raw]), new CompressionStream('gzip'));
}

/** What the store keeps → raw v86 state. */
export async function unpackState(packed: Blob): Promise<ArrayBuffer> {
	return (await transform(packed, new DecompressionStream('gzip'))).arrayBuffer();
}
