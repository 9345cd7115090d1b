import { shellQuote } from '../../text/shell-quote.ts';
import { sha256 } from '../sha256.ts';
import { hostFile } from '../files/host-files.ts';
import type { BundleFiles } from './types.ts';

/** Check and command that install one host file from the table (src/stack/files/host-files.ts). */
export function installHostFile(files: BundleFiles, dest: string): { check: string; command: string } {
	const f = hostFile(dest);
	return {
		check: `ab_fichier_conforme ${shellQuote(dest)} ${sha256(files[f.path])}`,
		command: `ab_installer_fichier ${shellQuote(f.path)} ${shellQuote(dest)} ${f.install.mode}`,
	};
}
