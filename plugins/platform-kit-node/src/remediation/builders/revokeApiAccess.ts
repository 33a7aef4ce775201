import {
  readerDependants,
  readersBlock,
  relationReaders,
} from '../dependencies/relationReaders';
import { qualified } from '../sql';
import { PatchBuilder } from '../types';
import {
  API_ROLES,
  display,
  findingObject,
  inventoryIndex,
  listing,
  manualPatch,
  patch,
  presentRoles,
  requireRelation,
  step,
  templateStatement,
} from './common';

const WHY: Record<string, string> = {
  auth_users_exposed:
    'it exposes auth.users (emails, phone numbers, sign-in data) and runs as its owner, so no row level security limits it',
  materialized_view_in_api:
    'materialized views do not support row level security, so every caller sees every row',
  foreign_table_in_api:
    'foreign tables do not support row level security, so every caller sees every row of the remote table',
};

export const revokeApiAccessBuilder: PatchBuilder = {
  lints: Object.keys(WHY),
  build(finding, context) {
    const { inventory } = context;
    const { schema, name } = findingObject(finding);
    const relation = requireRelation(inventory, schema, name, [
      'view',
      'materialized_view',
      'foreign_table',
    ]);
    const index = inventoryIndex(inventory);
    const relationSql = qualified(schema, name);
    const roles: string[] = presentRoles(inventory, API_ROLES);
    // anon and authenticated also hold whatever PUBLIC holds: revoke that too.
    const publicPrivileges = index.privilegesOf(schema, name, 'PUBLIC');
    if (publicPrivileges.size > 0) roles.unshift('PUBLIC');
    if (roles.length === 0)
      throw new Error('the database has no anon or authenticated role');
    const held = API_ROLES.map(role => {
      const privileges = [...index.privilegesOf(schema, name, role)].sort();
      return privileges.length ? `${role} (${privileges.join(', ')})` : null;
    }).filter((s): s is string => s !== null);
    const rationale = `Revokes every privilege of ${listing(
      roles,
    )} on ${display(schema, name)}: ${WHY[finding.name]}. ${
      held.length || publicPrivileges.size
        ? `${
            held.length ? listing(held) : 'The API roles'
          } get "permission denied" on it from then on, so API requests and client code reading it as those roles fail`
        : 'The API roles hold no privilege on it any more (taken since the finding was reported): the statement changes nothing for them and makes sure it stays so'
    }${
      publicPrivileges.size
        ? `, as does every other role that relied on PUBLIC's ${[
            ...publicPrivileges,
          ]
            .sort()
            .join(', ')}`
        : ''
    }; the owner and service_role keep their access.`;
    const title = `Revoke API access to ${relation.kind.replace(
      '_',
      ' ',
    )} ${display(schema, name)}`;
    const readers = relationReaders(
      inventory,
      schema,
      name,
      context.appCallers,
    );
    const losesAccess = held.length > 0 || publicPrivileges.size > 0;
    const blocked = losesAccess ? readersBlock(schema, name, readers) : null;
    if (blocked)
      return {
        ...manualPatch(
          finding,
          title,
          `${blocked}: revoking the API roles' access would break ${
            readers.known ? 'that' : 'any such read'
          }`,
          `Move what the application needs behind row level security (a table with policies, or a security_invoker view over such tables), switch the application to it, then REVOKE ALL ON ${relationSql} FROM ${roles.join(
            ', ',
          )}.`,
        ),
        dependants: readerDependants(schema, name, readers, 'blocks'),
      };
    return {
      ...patch(finding, title, [
        step({
          id: `revoke-api-access:${relationSql}`,
          sql: templateStatement('revoke_api_access', {
            relation: relationSql,
            roles: roles.join(', '),
          }),
          rationale,
          risk: 'behaviour-change',
          resolves: [finding.cache_key],
          // Counting a foreign table's rows would query the remote server.
          tables: relation.kind === 'foreign_table' ? [] : [relationSql],
        }),
      ]),
      dependants: readerDependants(schema, name, readers, 'unaffected'),
    };
  },
};
