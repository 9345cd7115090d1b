/**
 * An image's bill of materials (`vm/<image>/bom.json`), as the image build
 * writes it (scripts/image/bom.ts) and the image page reads it
 * (src/components/vm/): every Debian package in the guest, used to boot it
 * or served by the site's apt repository, with versions and licences.
 */

/** Where a package serves: in the guest, to boot it, or in the site's apt repository. */
export type BomRole = 'system' | 'boot' | 'repository';

/** One Debian package. */
export interface BomPackage {
	name: string;
	version: string;
	/** Debian source package and version (for sources.debian.org links). */
	source: string;
	sourceVersion: string;
	arch: string;
	/** SPDX-like names from debian/copyright `License:` fields; empty if not machine-readable. */
	licenses: string[];
	role: BomRole;
}

/** `bom.json`. */
export interface Bom {
	image: string;
	title: string;
	suite: string;
	arch: string;
	generatedAt: string;
	packages: BomPackage[];
}
