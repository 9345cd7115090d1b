/**
 * The guest's only network route: `http://<aptHost>/apt/…` is served from
 * the site's apt repository; everything else is refused, so no request
 * leaves for a third party.
 *
 * v86 answers the guest with the fetched response minus its Content-Length,
 * marked `Connection: close`, so apt must read each body up to the close of
 * the emulated TCP connection, and that close is sometimes lost: `apt update`
 * then waits forever at « 10 % [En cours] ». Each body is read whole here
 * (apt's files are small) and its length carried to the response head v86
 * writes, under a header of ours that v86 does not strip.
 */

/** The part of v86's fetch network backend (`emulator.network_adapter`) that is adapted here. */
export interface FetchAdapter {
	fetch: typeof fetch;
	form_response_head(status: number, text: string, headers: Headers): Uint8Array;
}

/** Carries a body's length past v86, which strips Content-Length. */
const BODY_LENGTH_HEADER = 'x-labo-longueur';

/**
 * Routes the guest's HTTP through `emulator.network_adapter` (present once
 * the emulator is loaded, with `relay_url: 'fetch'`).
 * @param aptHost the host name the guest's apt sources use
 * @param aptBase where that host's `/apt/` is served from
 */
export function routeApt(emulator: object, aptHost: string, aptBase: URL): void {
	const adapter = (emulator as { network_adapter?: FetchAdapter }).network_adapter;
	if (!adapter) return;
	adapter.fetch = async (input: RequestInfo | URL, init?: RequestInit) => {
		const url = new URL(String(input));
		const response =
			url.hostname === aptHost && url.pathname.startsWith('/apt/')
				? await fetch(new URL(url.pathname.slice('/apt/'.length) + url.search, aptBase), init)
				: new Response(`Accès réseau limité au dépôt du site (${aptHost}).\n`, {
						status: 403,
						headers: { 'content-type': 'text/plain; charset=utf-8' },
					});
		const body = await response.arrayBuffer();
		const headers = new Headers(response.headers);
		headers.set(BODY_LENGTH_HEADER, String(body.byteLength));
		// apt reads a body only if it sees a Content-Type; some servers omit it.
		if (!headers.has('content-type')) headers.set('content-type', 'application/octet-stream');
		return new Response(body, { status: response.status, statusText: response.statusText, headers });
	};
	const head = adapter.form_response_head.bind(adapter);
	adapter.form_response_head = (status, text, headers) => {
		const length = headers.get(BODY_LENGTH_HEADER);
		if (length !== null) {
			headers.delete(BODY_LENGTH_HEADER);
			headers.set('content-length', length);
		}
		return head(status, text, headers);
	};
}
