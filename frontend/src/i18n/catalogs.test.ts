import { enResources } from './english';
import { idResources } from './resources';

const resources = { id: idResources, en: enResources };

// Both languages must have exactly the same keys, and no value may be empty: a user must never
// see a raw key or a blank where text belongs.
function keysOf(value: unknown, prefix = ''): string[] {
  if (typeof value !== 'object' || value === null) return [prefix];
  return Object.entries(value).flatMap(([k, v]) => keysOf(v, prefix ? `${prefix}.${k}` : k));
}

function emptyValues(value: unknown, prefix = ''): string[] {
  if (typeof value === 'string') return value.trim() === '' ? [prefix] : [];
  if (typeof value !== 'object' || value === null) return [prefix];
  return Object.entries(value).flatMap(([k, v]) => emptyValues(v, prefix ? `${prefix}.${k}` : k));
}

describe('translation catalogs', () => {
  for (const ns of Object.keys(resources.id) as (keyof typeof resources.id)[]) {
    it(`${ns}: English and Indonesian have the same keys`, () => {
      const id = keysOf(resources.id[ns]).sort();
      const en = keysOf(resources.en[ns]).sort();
      expect(en).toEqual(id);
    });
    it(`${ns}: no empty text`, () => {
      expect(emptyValues(resources.id[ns])).toEqual([]);
      expect(emptyValues(resources.en[ns])).toEqual([]);
    });
  }
});
