/**
 * The Configurateur's logic, in the browser: form → configuration object →
 * validation (the CLI's schema) → plan → zipped bundle. An imported file
 * left unchanged is kept byte for byte as config/site.yaml: the archive is
 * then identical to the CLI's bundle.
 */
import { stringify } from 'yaml';
import { zipSync, strToU8, type Zippable } from 'fflate';
import { validateConfig, readConfig, buildBundle, planToText, type ConfigResult, type Bundle } from '../../stack/index.ts';
import { parseYaml, ValidationError } from '../../schemas/validate.ts';
import { TEXTS } from './texts.ts';

/** Fixed date of the archive's entries: two archives of one site have the same bytes. */
const ARCHIVE_DATE = new Date('2026-01-01T00:00:00Z');

type Obj = Record<string, any>;
type Field = HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement;

function readPath(obj: Obj, path: string): unknown {
	return path.split('.').reduce<any>((o, k) => (o == null ? undefined : o[k]), obj);
}

function writePath(obj: Obj, path: string, value: unknown) {
	const keys = path.split('.');
	let o = obj;
	for (const k of keys.slice(0, -1)) {
		if (typeof o[k] !== 'object' || o[k] === null) o[k] = {};
		o = o[k];
	}
	const last = keys[keys.length - 1];
	if (value === undefined) delete o[last];
	else o[last] = value;
}

/** A field's value by its type (text, number, « a, b » list, lines). */
function fieldValue(field: Field): unknown {
	const raw = field.value.trim();
	if (raw === '') return undefined;
	switch (field.dataset.type) {
		case 'number':
			return /^-?\d+$/.test(raw) ? Number(raw) : raw;
		case 'list':
			return raw.split(',').map((s) => s.trim()).filter(Boolean);
		case 'lines':
			return raw.split('\n').map((s) => s.trim()).filter(Boolean);
		default:
			return raw;
	}
}

function showField(field: Field, value: unknown) {
	if (value === undefined || value === null) field.value = '';
	else if (Array.isArray(value)) field.value = value.join(field.dataset.type === 'lines' ? '\n' : ', ');
	else field.value = String(value);
}

class Configurateur extends HTMLElement {
	/** Imported document: its sections the form does not show are kept. */
	private base: Obj = {};
	/** Original YAML text, as long as the form has not been edited. */
	private originalText: string | null = null;
	private bundle: Bundle | null = null;
	private siteName = 'site';

	private $<T extends Element>(selector: string): T {
		return this.querySelector(selector) as T;
	}

	connectedCallback() {
		const form = this.$<HTMLFormElement>('form');
		form.addEventListener('input', (e) => {
			if ((e.target as HTMLElement).id === 'ab-import') return;
			this.originalText = null;
			this.refresh();
		});
		form.addEventListener('submit', (e) => e.preventDefault());
		this.$<HTMLInputElement>('#ab-import').addEventListener('change', async (e) => {
			const file = (e.target as HTMLInputElement).files?.[0];
			if (file) this.load(await file.text(), file.name);
		});
		this.$<HTMLButtonElement>('[data-download]').addEventListener('click', () => this.downloadBundle());
		this.$<HTMLButtonElement>('[data-download-yaml]').addEventListener('click', () => this.download(new Blob([this.yamlText()], { type: 'text/yaml' }), 'site.yaml'));
		this.load(this.dataset.example ?? '', null);
	}

	/** Fills the form from YAML text. */
	load(text: string, name: string | null) {
		let doc: unknown;
		try {
			doc = parseYaml(text, name ?? 'site.yaml');
		} catch (e) {
			if (!(e instanceof ValidationError)) throw e;
			this.show({ ok: false, errors: e.problems.map((p) => ({ path: p.where, message: `${TEXTS.unreadableYaml} ${p.message}` })) }, text);
			return;
		}
		this.base = doc && typeof doc === 'object' ? (doc as Obj) : {};
		for (const field of this.querySelectorAll<HTMLInputElement>('[data-path]')) showField(field, readPath(this.base, field.dataset.path ?? ''));
		const services: Obj[] = Array.isArray(this.base.services) ? this.base.services : [];
		for (const row of this.querySelectorAll<HTMLElement>('[data-service]')) {
			const s = services.find((x) => x?.service === row.dataset.service);
			for (const field of row.querySelectorAll<HTMLInputElement>('[data-field]')) {
				if (field.dataset.field === 'included') field.checked = Boolean(s);
				else if (s) showField(field, s[field.dataset.field ?? '']);
			}
		}
		this.originalText = text;
		this.refresh();
		if (name) this.$<HTMLElement>('[data-status]').prepend(`${TEXTS.imported(name)} `);
	}

	/** Configuration object the form describes. */
	private read(): Obj {
		const obj: Obj = structuredClone(this.base);
		for (const field of this.querySelectorAll<HTMLInputElement>('[data-path]')) writePath(obj, field.dataset.path ?? '', fieldValue(field));
		obj.services = [];
		for (const row of this.querySelectorAll<HTMLElement>('[data-service]')) {
			if (!row.querySelector<HTMLInputElement>('[data-field="included"]')?.checked) continue;
			const s: Obj = { service: row.dataset.service };
			for (const field of row.querySelectorAll<HTMLInputElement>('[data-field]')) {
				if (field.dataset.field === 'included') continue;
				const v = fieldValue(field);
				if (v !== undefined) s[field.dataset.field ?? ''] = v;
			}
			obj.services.push(s);
		}
		return obj;
	}

	private yamlText(): string {
		return this.originalText ?? stringify(this.read(), { lineWidth: 0 });
	}

	/** Validates, shows the errors or the plan, and prepares the bundle. */
	refresh() {
		const text = this.yamlText();
		this.show(this.originalText !== null ? readConfig(text) : validateConfig(this.read()), text);
	}

	private show(r: ConfigResult, text: string) {
		const status = this.$<HTMLElement>('[data-status]');
		const list = this.$<HTMLUListElement>('[data-errors]');
		const button = this.$<HTMLButtonElement>('[data-download]');
		for (const field of this.querySelectorAll('[aria-invalid]')) field.removeAttribute('aria-invalid');
		list.replaceChildren();
		this.$<HTMLElement>('[data-yaml]').textContent = text;
		if (!r.ok) {
			this.bundle = null;
			button.disabled = true;
			status.textContent = TEXTS.errors(r.errors.length);
			const services: Obj[] = (this.originalText !== null ? (this.base.services ?? []) : this.read().services) as Obj[];
			for (const e of r.errors) {
				const field = this.fieldFor(e.path, services);
				field?.setAttribute('aria-invalid', 'true');
				const li = document.createElement('li');
				const code = document.createElement('code');
				code.textContent = e.path;
				if (field) {
					const a = document.createElement('a');
					a.href = `#${field.id}`;
					a.append(code);
					li.append(a);
				} else li.append(code);
				li.append(`\u00a0: ${e.message}`);
				list.append(li);
			}
			this.$<HTMLElement>('[data-plan]').textContent = '';
			this.$<HTMLElement>('[data-plan-title]').textContent = TEXTS.readPlan(0);
			return;
		}
		this.bundle = buildBundle(r.config, text);
		this.siteName = r.config.site.nom;
		button.disabled = false;
		status.textContent = TEXTS.valid(this.bundle.plan.actions.length);
		this.$<HTMLElement>('[data-plan]').textContent = planToText(this.bundle.plan);
		this.$<HTMLElement>('[data-plan-title]').textContent = TEXTS.readPlan(this.bundle.plan.actions.length);
	}

	/** The form field matching an error path (`services[1].memoire` → that service's row). */
	private fieldFor(path: string, services: Obj[]): HTMLElement | null {
		const m = path.match(/^services\[(\d+)\](?:\.(\w+))?/);
		if (m) {
			const type = services[Number(m[1])]?.service;
			const row = this.querySelector(`[data-service="${CSS.escape(String(type))}"]`);
			return row?.querySelector<HTMLElement>(`[data-field="${m[2] === 'service' || !m[2] ? 'included' : m[2]}"]`) ?? null;
		}
		return this.querySelector<HTMLElement>(`[data-path="${CSS.escape(path.replace(/\[\d+\]$/, ''))}"]`);
	}

	private downloadBundle() {
		if (!this.bundle) return;
		const entries: Zippable = {};
		for (const f of this.bundle.files) {
			const mode = Number.parseInt(f.mode, 8);
			// Unix attributes (file type + mode): unzip makes deploy.sh executable.
			entries[`${this.siteName}/${f.path}`] = [strToU8(f.content), { os: 3, attrs: ((0o100000 | mode) << 16) >>> 0, mtime: ARCHIVE_DATE }];
		}
		const zip = zipSync(entries, { level: 9 });
		const name = `alliance-boreale-${this.siteName}.zip`;
		this.download(new Blob([zip], { type: 'application/zip' }), name);
		this.$<HTMLElement>('[data-status]').textContent = TEXTS.archiveReady(name, zip.length);
	}

	private download(blob: Blob, name: string) {
		const url = URL.createObjectURL(blob);
		const a = document.createElement('a');
		a.href = url;
		a.download = name;
		document.body.append(a);
		a.click();
		a.remove();
		setTimeout(() => URL.revokeObjectURL(url), 10_000);
	}
}

if (!customElements.get('ab-configurateur')) customElements.define('ab-configurateur', Configurateur);
