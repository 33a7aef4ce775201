import { Inventory } from '@platform-kit/plugin-platform-kit-common';
import {
  readerDependants,
  readersBlock,
  relationReaders,
} from '../dependencies/relationReaders';
import { relationProbes } from '../dependencies/probes';
import { qualified } from '../sql';
import { PatchBuilder } from '../types';
import {
  display,
  findingObject,
  inventoryIndex,
  manualPatch,
  patch,
  requireRelation,
  step,
  templateStatement,
} from './common';

/** What changes for the API roles that select the view once it runs as the caller. */
function invokerConsequences(
  inventory: Inventory,
  schema: string,
  view: string,
): string[] {
  const index = inventoryIndex(inventory);
  const readers = index.apiRolesWith(schema, view, 'SELECT');
  const underlying = inventory.viewDependencies.filter(
    d => d.schema === schema && d.name === view,
  );
  const notes: string[] = [];
  for (const dep of underlying) {
    const name = display(dep.referencedSchema, dep.referencedName);
    for (const role of readers) {
      if (
        index
          .privilegesOf(dep.referencedSchema, dep.referencedName, role)
          .has('SELECT')
      )
        continue;
      notes.push(
        index.canSeeColumns(dep.referencedSchema, dep.referencedName, role)
          ? `${role} holds SELECT on only some columns of ${name}: its queries of the view fail with "permission denied" unless they read only those columns`
          : `${role} has no SELECT on ${name}: its queries of the view fail with "permission denied"`,
      );
    }
    const rel = index.relation(dep.referencedSchema, dep.referencedName);
    if (rel?.rlsEnabled) {
      const policies = index
        .policiesOf(dep.referencedSchema, dep.referencedName)
        .map(p => `"${p.name}"`);
      notes.push(
        policies.length
          ? `rows of ${name} are filtered by its RLS policies (${policies.join(
              ', ',
            )}) for the caller`
          : `${name} has RLS enabled and no policies: the API roles get no rows from it`,
      );
    }
  }
  return notes;
}

export const securityInvokerViewBuilder: PatchBuilder = {
  lints: ['security_definer_view'],
  build(finding, context) {
    const { inventory } = context;
    const { schema, name } = findingObject(finding);
    requireRelation(inventory, schema, name, ['view']);
    if (inventory.server.versionNum < 150000)
      throw new Error(
        `security_invoker views need PostgreSQL 15 or later (server ${inventory.server.version})`,
      );
    const viewSql = qualified(schema, name);
    const readers = inventoryIndex(inventory).apiRolesWith(
      schema,
      name,
      'SELECT',
    );
    const notes = invokerConsequences(inventory, schema, name);
    const rationale = `Makes ${display(
      schema,
      name,
    )} a security_invoker view: queries of it are checked against the privileges and row level security policies of the caller${
      readers.length ? ` (${readers.join(', ')})` : ''
    } on the tables underneath instead of the view owner's${
      notes.length ? `; ${notes.join('; ')}` : ''
    }.`;
    const title = `Run view ${display(
      schema,
      name,
    )} with the caller's privileges`;
    const users = relationReaders(inventory, schema, name, context.appCallers);
    // A switch that changes what its readers get would change it silently (fewer rows, or errors).
    if (notes.length && readers.length) {
      const who = readersBlock(schema, name, users);
      return {
        ...manualPatch(
          finding,
          title,
          `running it as the caller changes what ${
            readers.length ? readers.join(' and ') : 'its readers'
          } get from it, without an error for fewer rows: ${notes.join('; ')}${
            who ? ` (${who})` : ''
          }`,
          `Give the readers what they need on the tables underneath (grants, and policies that let them see the rows the view should show), check the view as each role, then ALTER VIEW ${viewSql} SET (security_invoker = true).`,
        ),
        dependants: readerDependants(schema, name, users, 'blocks'),
      };
    }
    return {
      ...patch(finding, title, [
        step({
          id: `security-invoker:${viewSql}`,
          sql: templateStatement('security_invoker_view', { view: viewSql }),
          rationale,
          risk: 'behaviour-change',
          resolves: [finding.cache_key],
          tables: [viewSql],
        }),
      ]),
      dependants: readerDependants(schema, name, users, 'kept'),
      probes: relationProbes(
        inventory,
        { schema, name },
        ['SELECT'],
        readers,
        'it reads the view today',
      ),
    };
  },
};
