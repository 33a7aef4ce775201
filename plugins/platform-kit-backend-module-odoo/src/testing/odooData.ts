import { z } from 'zod';

/**
 * An `ir.module.module` record as the stand-in stores it.
 *
 * @public
 */
export interface OdooModuleRecord {
  id: number;
  name: string;
  shortdesc: string;
  summary: string | false;
  latest_version: string | false;
  author: string | false;
  website: string | false;
  application: boolean;
  category_id: [number, string] | false;
  state: 'installed' | 'uninstalled' | 'to upgrade' | 'to install';
}

/**
 * An `ir.model` record as the stand-in stores it.
 *
 * @public
 */
export interface OdooModelRecord {
  id: number;
  model: string;
  name: string;
  /** Odoo computes this as the sorted, comma-separated names of the modules defining the model. */
  modules: string | false;
  transient: boolean;
  state: 'base' | 'manual';
}

const many2one = z.union([
  z.tuple([z.number().int().positive(), z.string()]),
  z.literal(false),
]);

/**
 * The fields of `ir.module.module` the stand-in serves, with the types Odoo
 * gives them over RPC (unset char fields are `false`, many2one fields are
 * `[id, display_name]` or `false`).
 */
export const moduleFieldSchemas: Record<string, z.ZodType> = {
  id: z.number().int().positive(),
  name: z.string().min(1),
  shortdesc: z.string(),
  summary: z.union([z.string(), z.literal(false)]),
  latest_version: z.union([z.string(), z.literal(false)]),
  author: z.union([z.string(), z.literal(false)]),
  website: z.union([z.string(), z.literal(false)]),
  application: z.boolean(),
  category_id: many2one,
  state: z.enum(['installed', 'uninstalled', 'to upgrade', 'to install']),
};

/** The fields of `ir.model` the stand-in serves, with their RPC types. */
export const modelFieldSchemas: Record<string, z.ZodType> = {
  id: z.number().int().positive(),
  model: z.string().min(1),
  name: z.string(),
  modules: z.union([z.string(), z.literal(false)]),
  transient: z.boolean(),
  state: z.enum(['base', 'manual']),
};

/**
 * Installed modules `mod_0001` ... plus `uninstalled` ones interleaved, all with unique ids.
 *
 * @public
 */
export function generateModules(
  installed: number,
  uninstalled = 0,
  major = 17,
): OdooModuleRecord[] {
  const records: OdooModuleRecord[] = [];
  const total = installed + uninstalled;
  let installedLeft = installed;
  for (let i = 1; i <= total; i++) {
    // every fourth record is uninstalled while there are uninstalled ones left
    const isInstalled =
      installedLeft > 0 && (i % 4 !== 0 || total - i < installedLeft);
    if (isInstalled) installedLeft--;
    const name = i === 1 ? 'base' : `mod_${String(i).padStart(4, '0')}`;
    records.push({
      id: i,
      name,
      shortdesc: i === 1 ? 'Base' : `Module ${i} & <friends>`,
      summary: i % 3 === 0 ? false : `Summary of ${name}`,
      latest_version: isInstalled ? `${major}.0.1.${i % 7}` : false,
      author: i % 5 === 0 ? false : 'Odoo S.A.',
      website: i % 2 === 0 ? `https://www.example.com/apps/${name}` : false,
      application: i % 10 === 0,
      category_id: i % 6 === 0 ? false : [100 + (i % 4), `Category ${i % 4}`],
      state: isInstalled ? 'installed' : 'uninstalled',
    });
  }
  return records;
}

/**
 * Models `x.model.N`, each defined by `base` and one or two installed modules.
 *
 * @public
 */
export function generateModels(
  count: number,
  modules: OdooModuleRecord[],
): OdooModelRecord[] {
  const installed = modules.filter(m => m.state === 'installed');
  const records: OdooModelRecord[] = [];
  for (let i = 1; i <= count; i++) {
    const names = new Set<string>(['base']);
    if (installed.length > 1) {
      names.add(installed[1 + (i % (installed.length - 1))].name);
    }
    if (i % 3 === 0 && installed.length > 2) {
      names.add(installed[1 + ((i * 7) % (installed.length - 1))].name);
    }
    records.push({
      id: 1000 + i,
      model: i === 1 ? 'res.partner' : `x.model.${i}`,
      name: i === 1 ? 'Contact' : `Model ${i}`,
      modules: [...names].sort().join(', '),
      transient: i % 9 === 0,
      state: 'base',
    });
  }
  return records;
}
