/// <reference lib="dom" />
/**
 * The controls, generated from the scenario's JSON Schema: every label,
 * description, unit, range and default comes from there. Which fields are on
 * the main panel is the only choice made here (MAIN); the advanced panel
 * offers every other field. A control reports a change as (path, value);
 * the value equal to the scenario's own removes the override.
 */
import { childrenOf, fieldAt, leafFields, nodeAt, scaleSeries, valueAt, type Field, type JsonSchema } from '../fields.ts';
import { t, type Lang } from './strings.ts';

export interface ControlsHost {
  schema: JsonSchema;
  /** The resolved base scenario (every default filled in). */
  base: Record<string, unknown>;
  overrides: Record<string, unknown>;
  lang: Lang;
  onChange(path: string, value: unknown): void;
}

/** The main panel: sections of schema paths (a section path stands for all its fields). */
const MAIN: { title: string; paths: string[] }[] = [
  { title: 'levers', paths: ['levers'] },
  { title: 'arrangement', paths: ['governance.arrangement'] },
  { title: 'budget', paths: ['budget.central', 'budget.county_own'] },
  { title: 'guarantee', paths: ['guarantee.enabled', 'guarantee.take_up', 'guarantee.top_up'] },
];

const el = <K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Record<string, string> = {}, text?: string): HTMLElementTagNameMap[K] => {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  if (text !== undefined) e.textContent = text;
  return e;
};

/** The dotted path, description and unit, shown on hover. */
function hover(f: Field): string {
  return `${f.path}\n${f.description}${f.unit ? `\nunit: ${f.unit}` : ''}${f.min !== undefined ? `\nrange: ${f.min} to ${f.max}` : ''}`;
}

function current(h: ControlsHost, path: string): unknown {
  return Object.hasOwn(h.overrides, path) ? h.overrides[path] : valueAt(h.base, path);
}

export function buildMain(host: HTMLElement, h: ControlsHost): void {
  host.textContent = '';
  for (const section of MAIN) {
    const box = el('fieldset', { class: 'group', 'data-group': section.title });
    box.appendChild(el('legend', {}, t(h.lang, `group.${section.title}`)));
    const fields = section.paths.flatMap((p) => {
      const f = fieldAt(h.schema, p);
      return f?.kind === 'section' ? childrenOf(h.schema, p) : f ? [f] : [];
    });
    for (const f of fields) box.appendChild(control(f, h, section.title === 'budget'));
    host.appendChild(box);
  }
  host.appendChild(shocks(h));
}

/** One labelled control for a field; `scale`: a money series moved by a factor (×0.25 to ×3). */
function control(f: Field, h: ControlsHost, scale = false): HTMLElement {
  const row = el('div', { class: 'control', title: hover(f), 'data-path': f.path });
  const id = `c-${f.path.replace(/\./g, '-')}`;
  const label = el('label', { for: id }, t(h.lang, `field.${f.path}`, f.label));
  row.appendChild(label);
  const out = el('output', { for: id });
  const baseValue = valueAt(h.base, f.path);
  const value = current(h, f.path);
  if (scale) {
    const k = scaleOf(baseValue, value);
    const input = el('input', { id, type: 'range', min: '0.25', max: '3', step: '0.05', value: String(k) });
    const show = () => (out.textContent = `× ${Number(input.value).toFixed(2)}`);
    input.addEventListener('input', show);
    input.addEventListener('change', () => h.onChange(f.path, Number(input.value) === 1 ? undefined : scaleSeries(baseValue, Number(input.value))));
    show();
    row.append(input, out);
  } else if (f.kind === 'enum') {
    const select = el('select', { id });
    for (const o of f.options ?? []) select.appendChild(el('option', { value: o }, t(h.lang, `option.${o}`, o)));
    select.value = String(value);
    select.addEventListener('change', () => h.onChange(f.path, select.value === baseValue ? undefined : select.value));
    row.appendChild(select);
  } else if (f.kind === 'boolean') {
    const box = el('input', { id, type: 'checkbox' });
    box.checked = value === true;
    box.addEventListener('change', () => h.onChange(f.path, box.checked === baseValue ? undefined : box.checked));
    row.insertBefore(box, label);
  } else {
    // A share (or a series of shares) on a slider; a series that is not one number starts at the schema default.
    const min = f.min ?? 0;
    const max = f.max ?? 1;
    const start = typeof value === 'number' ? value : typeof f.default === 'number' ? f.default : min;
    const input = el('input', { id, type: 'range', min: String(min), max: String(max), step: String((max - min) / 20), value: String(start) });
    const show = () => (out.textContent = Number(input.value).toFixed(2));
    input.addEventListener('input', show);
    input.addEventListener('change', () => h.onChange(f.path, Number(input.value) === baseValue ? undefined : Number(input.value)));
    show();
    row.append(input, out);
    if (typeof value !== 'number') row.appendChild(el('div', { class: 'note' }, `${t(h.lang, 'note.series')} ${JSON.stringify(value)}`));
  }
  return row;
}

/** The factor by which `value` scales `base` (1 when it is the base or not a scaling of it). */
function scaleOf(base: unknown, value: unknown): number {
  if (typeof base === 'number' && typeof value === 'number' && base !== 0) return value / base;
  if (typeof base === 'string' && typeof value === 'string') {
    const m = /^\((.*)\) \* ([0-9.]+)$/.exec(value);
    if (m && m[1] === base) return Number(m[2]);
  }
  if (base && value && typeof base === 'object' && typeof value === 'object') {
    const [y, b] = Object.entries(base)[0] ?? [];
    const v = y === undefined ? undefined : (value as Record<string, number>)[y];
    if (typeof b === 'number' && typeof v === 'number' && b !== 0) return v / b;
  }
  return 1;
}

/** The timed shocks: each event's fields from the schema's event item; the whole list is one override. */
function shocks(h: ControlsHost): HTMLElement {
  const box = el('fieldset', { class: 'group', 'data-group': 'shocks' });
  const listField = fieldAt(h.schema, 'events')!;
  box.appendChild(el('legend', { title: hover(listField) }, t(h.lang, 'group.shocks')));
  const item = nodeAt(h.schema, 'events.0') ?? {};
  const events = (current(h, 'events') as Record<string, unknown>[] | undefined) ?? [];
  const start = Number(valueAt(h.base, 'time.start_year'));
  const end = Number(valueAt(h.base, 'time.end_year'));
  const set = (list: Record<string, unknown>[]) => h.onChange('events', JSON.stringify(list) === JSON.stringify(valueAt(h.base, 'events')) ? undefined : list);
  events.forEach((ev, k) => {
    const row = el('div', { class: 'shock', 'data-shock': String(k) });
    for (const name of ['kind', 'year', 'month', 'severity', 'share', 'months']) {
      const f = fieldAt(h.schema, `events.${k}.${name}`);
      if (!f) continue;
      const wrap = el('label', { title: hover(f) }, t(h.lang, `field.events.${name}`, f.label) + ' ');
      let input: HTMLInputElement | HTMLSelectElement;
      if (f.kind === 'enum') {
        input = el('select');
        for (const o of f.options ?? []) input.appendChild(el('option', { value: o }, t(h.lang, `option.${o}`, o)));
      } else {
        const lo = name === 'year' ? start : f.min;
        const hi = name === 'year' ? end : f.max;
        input = el('input', { type: 'number', ...(lo !== undefined ? { min: String(lo) } : {}), ...(hi !== undefined ? { max: String(hi) } : {}), step: f.kind === 'integer' ? '1' : 'any' });
      }
      input.value = String(ev[name] ?? f.default ?? '');
      input.addEventListener('change', () => {
        const next = events.map((e) => ({ ...e }));
        next[k]![name] = f.kind === 'enum' ? input.value : Number(input.value);
        set(next);
      });
      wrap.appendChild(input);
      row.appendChild(wrap);
    }
    const remove = el('button', { type: 'button', class: 'remove' }, t(h.lang, 'shock.remove'));
    remove.addEventListener('click', () => set(events.filter((_, j) => j !== k)));
    row.appendChild(remove);
    box.appendChild(row);
  });
  const add = el('button', { type: 'button', id: 'add-shock' }, t(h.lang, 'shock.add'));
  add.addEventListener('click', () => {
    const fresh: Record<string, unknown> = {};
    for (const [k, n] of Object.entries(item.properties ?? {})) fresh[k] = n.default;
    fresh['year'] = Math.round((start + end) / 2);
    set([...events.map((e) => ({ ...e })), fresh]);
  });
  box.appendChild(add);
  return box;
}

/** Fields with their own controls in the run settings (seed, replicates, size). */
const RUN_SETTINGS = new Set(['seed', 'replicates', 'population.households']);

/**
 * The advanced panel: every field of the schema with its dotted path, a
 * filter box, and an input by kind (lists, tables and expressions as JSON).
 */
export function buildAdvanced(host: HTMLElement, h: ControlsHost): void {
  host.textContent = '';
  const filter = el('input', { type: 'search', id: 'advanced-filter', placeholder: t(h.lang, 'advanced.filter') });
  host.appendChild(filter);
  const table = el('table', { class: 'advanced' });
  const rows: [string, HTMLElement][] = [];
  for (const f of leafFields(h.schema).filter((x) => !RUN_SETTINGS.has(x.path))) {
    const tr = el('tr', { title: hover(f), 'data-path': f.path });
    tr.appendChild(el('th', { scope: 'row' }, f.label)).appendChild(el('code', {}, f.path));
    const td = el('td');
    const value = current(h, f.path);
    const baseValue = valueAt(h.base, f.path);
    let input: HTMLInputElement | HTMLSelectElement;
    let read: () => unknown;
    if (f.kind === 'enum') {
      input = el('select');
      for (const o of f.options ?? []) input.appendChild(el('option', { value: o }, o));
      input.value = String(value);
      read = () => input.value;
    } else if (f.kind === 'boolean') {
      const box = el('input', { type: 'checkbox' });
      box.checked = value === true;
      input = box;
      read = () => box.checked;
    } else if ((f.kind === 'number' || f.kind === 'integer') && typeof value === 'number') {
      input = el('input', { type: 'number', step: f.kind === 'integer' ? '1' : 'any', ...(f.min !== undefined ? { min: String(f.min) } : {}), ...(f.max !== undefined ? { max: String(f.max) } : {}) });
      input.value = String(value);
      read = () => Number(input.value);
    } else if (f.kind === 'string') {
      input = el('input', { type: 'text' });
      input.value = String(value ?? '');
      read = () => input.value;
    } else {
      // A series (number, expression or table) or a list: its JSON, or an expression as typed.
      input = el('input', { type: 'text', class: 'json' });
      input.value = typeof value === 'string' ? value : JSON.stringify(value);
      read = () => {
        try {
          return JSON.parse(input.value);
        } catch {
          return input.value;
        }
      };
    }
    input.setAttribute('aria-label', f.path);
    input.addEventListener('change', () => {
      const v = read();
      h.onChange(f.path, JSON.stringify(v) === JSON.stringify(baseValue) ? undefined : v);
    });
    td.appendChild(input);
    tr.appendChild(td);
    table.appendChild(tr);
    rows.push([`${f.path} ${f.label}`.toLowerCase(), tr]);
  }
  filter.addEventListener('input', () => {
    const q = filter.value.trim().toLowerCase();
    for (const [text, tr] of rows) tr.hidden = q !== '' && !text.includes(q);
  });
  host.appendChild(table);
}
