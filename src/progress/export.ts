/**
 * Progress export and import, for a mentor's view without data collection:
 * a learner chooses to hand over a file (`.json`) or a short code; the mentor
 * imports several in their own browser. Nothing is sent anywhere.
 *
 * Two shapes carry the same facts:
 * - the file keeps dates (when each module and step was done);
 * - the code (`AB1-…`) keeps only what was done, grouped by folder and
 *   deflated, so that it fits in a chat message or can be read aloud.
 *
 * Imports are validated with zod; errors are French sentences a learner can
 * act on. Importing into one's own progress never overwrites: it only adds
 * what is missing (see `planMerge`), and the interface asks first.
 */
import { deflateSync, inflateSync, strFromU8, strToU8 } from 'fflate';
import { z } from 'zod';
import { fieldPath } from '../schemas/french-errors.ts';
import { validate, ValidationError } from '../schemas/validation.ts';
import { parseProgress, STORAGE_KEY, type Progress } from './store.ts';

/** How the shared validation names the whole input (no field). */
const ROOT_FIELD = fieldPath([]);

export const EXPORT_FORMAT = 'alliance-boreale/progression';
export const CODE_PREFIX = 'AB1-';
/** A name is optional, short, and only what the learner typed. */
export const NAME_MAX = 60;

/** What an export carries, whatever its shape. */
export interface LearnerExport {
	/** First name or nickname the learner chose to give, possibly empty. */
	name: string;
	/** ISO date of the export. */
	exportedAt: string;
	progress: Progress;
}

/** Raised for anything that is not a readable export; the message is for the learner or mentor. */
export class ImportError extends Error {
	constructor(message: string, cause?: unknown) {
		super(message, { cause });
		this.name = 'ImportError';
	}
}

const isoDate = z.string().refine((s) => !Number.isNaN(Date.parse(s)), 'date illisible');
const stepIndex = z.string().regex(/^\d{1,3}$/, 'numéro d’étape invalide');
const id = z.string().min(1).max(200).regex(/^[\w./-]+$/, 'identifiant invalide');

const progressSchema = z.object({
	version: z.literal(1),
	modules: z.record(id, isoDate),
	labs: z.record(id, z.record(stepIndex, isoDate)),
});

const fileSchema = z.object({
	format: z.literal(EXPORT_FORMAT),
	version: z.literal(1),
	exportedAt: isoDate,
	name: z.string().max(NAME_MAX).default(''),
	progress: progressSchema,
});

/** The code's compact shape: folders → module names, labs → step numbers. */
const codeSchema = z.object({
	n: z.string().max(NAME_MAX).default(''),
	/** Export time, in seconds since 1970. */
	t: z.number().int().nonnegative(),
	m: z.record(z.string().max(200), z.array(z.string().min(1).max(200))).default({}),
	l: z.record(id, z.array(z.number().int().min(0).max(999))).default({}),
});

function cleanName(name: string): string {
	return name.replace(/\s+/g, ' ').trim().slice(0, NAME_MAX);
}

/** The file a learner downloads. */
export function toExportFile(progress: Progress, name = '', now = new Date()): string {
	const file = { format: EXPORT_FORMAT, version: 1, exportedAt: now.toISOString(), name: cleanName(name), progress };
	return `${JSON.stringify(file, null, '\t')}\n`;
}

/** A file name that sorts well in a mentor's downloads folder. */
export function exportFileName(name = '', now = new Date()): string {
	const slug = cleanName(name)
		.normalize('NFD')
		.replace(/[\u0300-\u036f]/g, '')
		.toLowerCase()
		.replace(/[^a-z0-9]+/g, '-')
		.replace(/^-|-$/g, '');
	return `progression-${slug ? `${slug}-` : ''}${now.toISOString().slice(0, 10)}.json`;
}

function toBase64Url(bytes: Uint8Array): string {
	let binary = '';
	for (const byte of bytes) binary += String.fromCharCode(byte);
	return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function fromBase64Url(text: string): Uint8Array {
	const base64 = text.replace(/-/g, '+').replace(/_/g, '/');
	const binary = atob(base64 + '='.repeat((4 - (base64.length % 4)) % 4));
	return Uint8Array.from(binary, (c) => c.charCodeAt(0));
}

/** The short code: `AB1-` then the deflated compact shape in base64url. */
export function toExportCode(progress: Progress, name = '', now = new Date()): string {
	const m: Record<string, string[]> = {};
	for (const moduleId of Object.keys(progress.modules).sort()) {
		const cut = moduleId.lastIndexOf('/');
		const folder = cut < 0 ? '' : moduleId.slice(0, cut);
		(m[folder] ??= []).push(moduleId.slice(cut + 1));
	}
	const l: Record<string, number[]> = {};
	for (const [labId, steps] of Object.entries(progress.labs)) {
		const done = Object.keys(steps).map(Number).filter(Number.isInteger).sort((a, b) => a - b);
		if (done.length > 0) l[labId] = done;
	}
	const compact = { n: cleanName(name), t: Math.floor(now.getTime() / 1000), m, l };
	return CODE_PREFIX + toBase64Url(deflateSync(strToU8(JSON.stringify(compact)), { level: 9 }));
}

/**
 * Validates a decoded export with the site's one French validation; a
 * learner is told the first problem only (the rest follows from it).
 */
function validated<S extends z.ZodType>(schema: S, data: unknown, explain: (problem: string) => string): z.output<S> {
	try {
		return validate(schema, data, 'export de progression');
	} catch (error) {
		if (!(error instanceof ValidationError)) throw error;
		const [first] = error.problems;
		const where = first.where === ROOT_FIELD ? '' : ` (champ « ${first.where} »)`;
		throw new ImportError(explain(`${first.message}${where}`));
	}
}

function fromCode(code: string): LearnerExport {
	const body = code.replace(/\s+/g, '').slice(CODE_PREFIX.length);
	let data: unknown;
	try {
		data = JSON.parse(strFromU8(inflateSync(fromBase64Url(body))));
	} catch (error) {
		throw new ImportError('Ce code est incomplet ou contient une faute de frappe. Copie-le de nouveau en entier, depuis « AB1- » jusqu’au dernier caractère.', error);
	}
	const { n, t, m, l } = validated(codeSchema, data, (problem) => `Ce code ne décrit pas une progression valide : ${problem}.`);
	const exportedAt = new Date(t * 1000).toISOString();
	const progress: Progress = { version: 1, modules: {}, labs: {} };
	// The code keeps no dates: the export date stands for each of them.
	for (const [folder, names] of Object.entries(m)) {
		for (const name of names) progress.modules[folder ? `${folder}/${name}` : name] = exportedAt;
	}
	for (const [labId, steps] of Object.entries(l)) {
		progress.labs[labId] = Object.fromEntries(steps.map((s) => [String(s), exportedAt]));
	}
	return { name: n, exportedAt, progress };
}

function fromFile(text: string): LearnerExport {
	let data: unknown;
	try {
		data = JSON.parse(text);
	} catch (error) {
		throw new ImportError('Ce fichier n’est pas un export de progression lisible (JSON invalide). Choisis le fichier « progression-….json » reçu.', error);
	}
	if ((data as { format?: unknown })?.format !== EXPORT_FORMAT) {
		throw new ImportError('Ce fichier n’est pas un export de progression d’Alliance Boréale. Choisis le fichier « progression-….json » reçu.');
	}
	const version = (data as { version?: unknown }).version;
	const file = validated(fileSchema, data, (problem) =>
		version === 1 ? `Ce fichier d’export est abîmé : ${problem}.` : `Cet export vient d’une version du site que celle-ci ne connaît pas (version ${String(version)}).`,
	);
	return { name: file.name, exportedAt: file.exportedAt, progress: file.progress };
}

/**
 * Reads an export, either a file's text or a code. Throws `ImportError`
 * with a French message saying what is wrong and what to do.
 */
export function parseExport(input: string): LearnerExport {
	const text = input.trim();
	if (text === '') throw new ImportError('Rien à importer : colle un code « AB1-… » ou choisis un fichier.');
	if (text.startsWith('{')) return fromFile(text);
	if (text.toUpperCase().startsWith(CODE_PREFIX)) return fromCode(CODE_PREFIX + text.slice(CODE_PREFIX.length));
	throw new ImportError('Ce texte n’est ni un code de progression (il commence par « AB1- ») ni le contenu d’un fichier d’export.');
}

/** What importing an export into one's own progress would change. */
export interface MergePlan {
	/** The progress after the import: everything kept, missing items added. */
	merged: Progress;
	/** Modules marked done by the import that were not done here. */
	addedModules: string[];
	/** Lab steps done by the import that were not done here, as `lab#step`. */
	addedSteps: string[];
}

function earliest(a: string | undefined, b: string): string {
	return a !== undefined && a <= b ? a : b;
}

/**
 * Union of two progresses: nothing the learner has is removed or replaced
 * (a date already known stays), only what is missing is added.
 */
export function planMerge(current: Progress, incoming: Progress): MergePlan {
	const merged: Progress = { version: 1, modules: { ...current.modules }, labs: {} };
	for (const [labId, steps] of Object.entries(current.labs)) merged.labs[labId] = { ...steps };
	const addedModules: string[] = [];
	const addedSteps: string[] = [];
	for (const [moduleId, date] of Object.entries(incoming.modules)) {
		if (!(moduleId in merged.modules)) addedModules.push(moduleId);
		merged.modules[moduleId] = earliest(merged.modules[moduleId], date);
	}
	for (const [labId, steps] of Object.entries(incoming.labs)) {
		const target = (merged.labs[labId] ??= {});
		for (const [step, date] of Object.entries(steps)) {
			if (!(step in target)) addedSteps.push(`${labId}#${step}`);
			target[step] = earliest(target[step], date);
		}
	}
	return { merged, addedModules: addedModules.sort(), addedSteps: addedSteps.sort() };
}

/**
 * Stores a merged progress and tells this tab's listeners (the store's
 * `subscribe` also listens to `storage` events, which other tabs get for free).
 */
export function saveMergedProgress(progress: Progress, storage: Storage = localStorage): void {
	const value = JSON.stringify(progress);
	storage.setItem(STORAGE_KEY, value);
	if (typeof window !== 'undefined') {
		window.dispatchEvent(new StorageEvent('storage', { key: STORAGE_KEY, newValue: value }));
	}
}

/** Re-export for callers that only deal with exports. */
export { parseProgress };
