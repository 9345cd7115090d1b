/**
 * Reads an image's bill of materials (public/vm/<id>/bom.json, written by
 * scripts/image/build.ts) for the image page, at site build time.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import type { Bom, BomPackage } from '../../machine/bom.ts';

export type { Bom, BomPackage };

/** `null` when the image has not been built on this machine. */
export function readBom(image: string, root = process.cwd()): Bom | null {
	const file = join(root, 'public/vm', image, 'bom.json');
	if (!existsSync(file)) return null;
	return JSON.parse(readFileSync(file, 'utf8')) as Bom;
}

/** Debian's own browser of the exact source that was built. */
export function sourceUrl(p: BomPackage): string {
	return `https://sources.debian.org/src/${encodeURIComponent(p.source)}/${encodeURIComponent(p.sourceVersion)}/`;
}

/** Snapshot archive page of the source package (all versions ever published). */
export function snapshotUrl(p: BomPackage): string {
	return `https://snapshot.debian.org/package/${encodeURIComponent(p.source)}/${encodeURIComponent(p.sourceVersion)}/`;
}

export const ROLE_LABELS: Record<BomPackage['role'], string> = {
	system: 'Système invité',
	boot: 'Démarrage (noyau, BIOS, initramfs)',
	repository: 'Dépôt apt du site',
};
