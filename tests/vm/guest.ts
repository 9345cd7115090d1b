import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join, resolve, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import { LabVm, loadManifest, type GuestManifest } from '../../src/machine/index.ts';
import type { LabMachine } from '../../src/machine/machine.ts';
import { packState } from '../../src/machine/browser/state-codec.ts';

/** An image the site publishes (`debian` unless named); `npm run images` builds them. */
export function manifestPath(image = 'debian'): string {
	return `public/vm/${image}/manifest.json`;
}

export function requireImage(image = 'debian'): void {
	const manifest = manifestPath(image);
	if (!existsSync(manifest)) throw new Error(`Image invitée absente (${manifest}) : lance « npm run images ».`);
}

/**
 * The published image run in Node, as a lab page runs it: the guest's apt
 * reaches the site's `/apt/` repository (here `public/apt/` served on
 * loopback: Node's fetch cannot read `file:` URLs).
 *
 * `restart(state)` starts a new emulator from a state, as the page does when
 * a learner resets a lab, rather than `restoreState()` on the running one:
 * after every other such restore the guest's timers never fire again
 * (`sleep 1` hangs, and with it systemctl and the checks that wait).
 */
export class Guest {
	/** The image's state, raw (decompressed once): a start from it takes about a second. */
	clean!: ArrayBuffer;
	#vm!: LabVm;
	#manifest: GuestManifest;
	#manifestUrl: URL;
	#apt: { server: Server; url: URL };

	/** What prepareLab and the lab interface use, always on the running machine. */
	readonly machine: LabMachine;

	private constructor(manifestUrl: URL, manifest: GuestManifest, apt: { server: Server; url: URL }) {
		this.#manifestUrl = manifestUrl;
		this.#manifest = manifest;
		this.#apt = apt;
		this.machine = {
			imageHash: manifest.inputsHash,
			onOutput: (listener) => this.#vm.onOutput(listener),
			write: (data) => this.#vm.write(data),
			resize: (cols, rows) => this.#vm.resize(cols, rows),
			run: (command, timeout) => this.#vm.check(command, timeout),
			save: async () => packState(await this.#vm.saveState()),
			dispose: () => this.#vm.destroy(),
		};
	}

	/** The image's id, as labs name it. */
	get image(): string {
		return this.#manifest.id;
	}

	static async boot(image = 'debian'): Promise<Guest> {
		requireImage(image);
		const url = pathToFileURL(manifestPath(image));
		const guest = new Guest(url, await loadManifest(url), await serveFolder('public/apt'));
		await guest.#start();
		guest.clean = await guest.#vm.saveState();
		return guest;
	}

	/** The running machine. */
	get vm(): LabVm {
		return this.#vm;
	}

	/** A new machine from `state` (the image's clean one by default), agent answering. */
	async restart(state: ArrayBuffer = this.clean): Promise<void> {
		await this.#vm.destroy();
		await this.#start(state);
	}

	/** Stops the machine and the server of `public/apt/`. */
	async close(): Promise<void> {
		await this.#vm?.destroy();
		await new Promise((done) => this.#apt.server.close(done));
	}

	async #start(state?: ArrayBuffer): Promise<void> {
		this.#vm = await LabVm.boot({ manifestUrl: this.#manifestUrl, manifest: this.#manifest, state, aptBaseUrl: this.#apt.url });
		await this.#vm.waitForAgent(60_000);
	}
}

/** Boots a published image (see `Guest`). */
export function bootGuest(image?: string): Promise<Guest> {
	return Guest.boot(image);
}

/** Plain files of `dir` over HTTP on loopback (the site's `/apt/` as a web server gives it). */
async function serveFolder(dir: string): Promise<{ server: Server; url: URL }> {
	const root = resolve(dir);
	const server = createServer((req, res) => {
		const file = join(root, decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname));
		if (!file.startsWith(root + sep) || !existsSync(file) || !statSync(file).isFile()) {
			res.writeHead(404).end();
			return;
		}
		res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': statSync(file).size });
		createReadStream(file).pipe(res);
	});
	await new Promise<void>((ready) => server.listen(0, '127.0.0.1', ready));
	return { server, url: new URL(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`) };
}
