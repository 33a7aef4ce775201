import { InventoryItem } from '@platform-kit/connector-sdk';
import { ModelRecord, ModuleRecord } from './records';

/** Where the Apps list and a model's form live in Odoo's UI (URLs changed in 18). */
export function odooUiUrls(baseUrl: string, major: number) {
  const modern = major >= 18;
  return {
    modules: modern
      ? `${baseUrl}/odoo/action-base.open_module_tree`
      : `${baseUrl}/web#action=base.open_module_tree`,
    model: (id: number) =>
      modern
        ? `${baseUrl}/odoo/action-base.action_model_model/${id}`
        : `${baseUrl}/web#id=${id}&model=ir.model&view_type=form`,
  };
}

function text(value: string | false): string | undefined {
  return value === false || value.trim() === '' ? undefined : value;
}

/** The inventory id of a module. */
export function moduleItemId(name: string): string {
  return `module:${name}`;
}

/** An installed module as an inventory item. */
export function moduleItem(
  record: ModuleRecord,
  baseUrl: string,
  major: number,
): InventoryItem {
  const category =
    record.category_id === false ? undefined : record.category_id[1];
  return {
    id: moduleItemId(record.name),
    type: 'module',
    name: record.name,
    title: text(record.shortdesc),
    description: text(record.summary),
    owner: text(record.author),
    tags: [
      ...(category ? [category] : []),
      ...(record.application ? ['application'] : []),
    ],
    url: odooUiUrls(baseUrl, major).modules,
    relations: [],
    attributes: {
      odooId: record.id,
      version: text(record.latest_version) ?? null,
      author: text(record.author) ?? null,
      website: text(record.website) ?? null,
      application: record.application,
      category: category ?? null,
      state: record.state,
    },
  };
}

/** A model as an inventory item, `partOf` each installed module that defines it. */
export function modelItem(
  record: ModelRecord,
  moduleNames: Set<string>,
  baseUrl: string,
  major: number,
): InventoryItem {
  const modules =
    record.modules === false
      ? []
      : record.modules
          .split(',')
          .map(m => m.trim())
          .filter(Boolean);
  return {
    id: `model:${record.model}`,
    type: 'model',
    name: record.model,
    title: text(record.name),
    description: text(record.name),
    tags: record.transient ? ['transient'] : [],
    url: odooUiUrls(baseUrl, major).model(record.id),
    relations: modules
      .filter(name => moduleNames.has(name))
      .map(name => ({ type: 'partOf', itemId: moduleItemId(name) })),
    attributes: {
      odooId: record.id,
      modules,
      unresolvedModules: modules.filter(name => !moduleNames.has(name)),
      transient: record.transient,
      state: record.state,
    },
  };
}
