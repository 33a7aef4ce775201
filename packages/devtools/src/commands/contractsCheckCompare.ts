import { serverBasePath } from '@platform-kit/connector-sdk';
import {
  ContractComparison,
  emptyComparison,
  isNode,
  Node,
  OpenApiDocument,
  recordMark,
} from './contractsCheckDocument';
import { compareSchema } from './contractsCheckSchema';

/**
 * Compares one of our contracts with the vendor's full OpenAPI document:
 * every server path, path, method, parameter, request body, response
 * status, header, security scheme and schema property our contract declares
 * must be in the vendor's document with a compatible type. Our contract may
 * be a subset, never an invention; what the vendor's document does not
 * hold is marked in our contract with its source and reported as such.
 */

const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options'];

/** `/workflows/{workflowId}` → `/workflows/{}`. */
const shape = (template: string) => template.replace(/\{[^}]+\}/g, '{}');
const names = (template: string) =>
  [...template.matchAll(/\{([^}]+)\}/g)].map(m => m[1]);

class Comparer {
  readonly comparison = emptyComparison();
  private readonly docs: { ours: OpenApiDocument; vendor: OpenApiDocument };

  constructor(private readonly ours: Node, private readonly vendor: Node) {
    this.docs = {
      ours: new OpenApiDocument(ours),
      vendor: new OpenApiDocument(vendor),
    };
  }

  run(): ContractComparison {
    this.servers();
    for (const [path, item] of Object.entries(
      (this.ours.paths ?? {}) as Node,
    )) {
      this.pathItem(path, item);
    }
    this.securitySchemes();
    return this.comparison;
  }

  private problem(text: string) {
    this.comparison.problems.push(text);
  }

  private marked(node: unknown, at: string): boolean {
    return recordMark(this.docs.ours, node, at, this.comparison);
  }

  private servers() {
    const theirs = ((this.vendor.servers ?? []) as Node[]).map(s =>
      serverBasePath(String(s.url)),
    );
    for (const server of (this.ours.servers ?? []) as Node[]) {
      const at = `servers ${server.url}`;
      if (this.marked(server, at)) continue;
      if (theirs.includes(serverBasePath(String(server.url)))) {
        this.comparison.agreed += 1;
      } else {
        this.problem(`${at} is not in the vendor's document`);
      }
    }
  }

  private pathItem(path: string, item: Node) {
    const at = `paths.${path}`;
    if (this.marked(item, at)) return;
    const paths = (this.vendor.paths ?? {}) as Node;
    let vendorPath = paths[path] ? path : undefined;
    vendorPath ??= Object.keys(paths).find(p => shape(p) === shape(path));
    if (!vendorPath) {
      this.problem(`${at} is not in the vendor's document`);
      return;
    }
    // Path parameters may be named differently: map ours to theirs by position.
    const rename = new Map(
      names(path).map((name, i) => [name, names(vendorPath!)[i]]),
    );
    const theirs = paths[vendorPath] as Node;
    for (const method of METHODS) {
      if (!item[method]) continue;
      const where = `${at}.${method}`;
      if (this.marked(item[method], where)) continue;
      if (!theirs[method]) {
        this.problem(`${where} is not in the vendor's document`);
        continue;
      }
      this.comparison.agreed += 1;
      this.operation(item, theirs, method, where, rename);
    }
  }

  private operation(
    item: Node,
    theirItem: Node,
    method: string,
    at: string,
    rename: Map<string, string>,
  ) {
    const op = item[method] as Node;
    const theirs = theirItem[method] as Node;
    for (const [key, value] of Object.entries(op)) {
      if (!key.startsWith('x-')) continue;
      if (JSON.stringify(theirs[key]) !== JSON.stringify(value)) {
        this.problem(
          `${at}.${key}: ${JSON.stringify(value)} here, ${
            JSON.stringify(theirs[key]) ?? 'none'
          } in the vendor's document`,
        );
      }
    }
    this.parameters(
      [...(item.parameters ?? []), ...(op.parameters ?? [])],
      [...(theirItem.parameters ?? []), ...(theirs.parameters ?? [])],
      at,
      rename,
    );
    this.requestBody(op.requestBody, theirs.requestBody, at);
    this.security(op, theirs, at);
    for (const [status, response] of Object.entries(
      (op.responses ?? {}) as Node,
    )) {
      this.response(response, theirs.responses?.[status], `${at}.${status}`);
    }
  }

  private parameters(
    ours: unknown[],
    theirs: unknown[],
    at: string,
    rename: Map<string, string>,
  ) {
    const vendorParams = theirs
      .map(p => this.docs.vendor.deref(p))
      .filter(isNode);
    for (const raw of ours) {
      const param = this.docs.ours.deref(raw);
      if (!param) continue;
      const where = `${at} ${param.in} parameter '${param.name}'`;
      if (this.marked(raw, where)) continue;
      const name =
        param.in === 'path' ? rename.get(param.name) ?? param.name : param.name;
      const match = vendorParams.find(
        p => p.in === param.in && p.name === name,
      );
      if (!match) {
        this.problem(`${where} is not in the vendor's document`);
        continue;
      }
      if (param.required === true && match.required !== true) {
        this.comparison.notes.push(
          `${where}: required here, optional in the vendor's document`,
        );
      }
      const schemaOf = (p: Node) =>
        p.schema ?? p.content?.['application/json']?.schema;
      compareSchema(
        this.docs,
        schemaOf(param),
        schemaOf(match),
        where,
        this.comparison,
      );
    }
  }

  private requestBody(raw: unknown, theirRaw: unknown, at: string) {
    if (raw === undefined) return;
    const where = `${at} request body`;
    if (this.marked(raw, where)) return;
    const body = this.docs.ours.deref(raw);
    const theirs = this.docs.vendor.deref(theirRaw);
    if (!theirs) {
      this.problem(`${where} is not in the vendor's document`);
      return;
    }
    this.content(body?.content, theirs.content, where);
  }

  private content(
    ours: Node | undefined,
    theirs: Node | undefined,
    at: string,
  ) {
    for (const [type, media] of Object.entries(ours ?? {})) {
      const where = `${at} ${type}`;
      if (this.marked(media, where)) continue;
      const match = theirs?.[type];
      if (!match) {
        this.problem(`${where} is not in the vendor's document`);
        continue;
      }
      compareSchema(
        this.docs,
        (media as Node).schema ?? {},
        match.schema ?? {},
        where,
        this.comparison,
      );
    }
  }

  private response(raw: unknown, theirRaw: unknown, at: string) {
    if (this.marked(raw, at)) return;
    const response = this.docs.ours.deref(raw);
    const theirs = this.docs.vendor.deref(theirRaw);
    if (!theirs) {
      this.problem(`${at} is not in the vendor's document`);
      return;
    }
    this.comparison.agreed += 1;
    this.content(response?.content, theirs.content, at);
    const theirHeaders = new Map(
      Object.entries((theirs.headers ?? {}) as Node).map(([k, v]) => [
        k.toLowerCase(),
        v,
      ]),
    );
    for (const [name, header] of Object.entries(
      (response?.headers ?? {}) as Node,
    )) {
      const where = `${at} header ${name}`;
      if (this.marked(header, where)) continue;
      const match = this.docs.vendor.deref(
        theirHeaders.get(name.toLowerCase()),
      );
      if (!match) {
        this.problem(`${where} is not in the vendor's document`);
        continue;
      }
      compareSchema(
        this.docs,
        this.docs.ours.deref(header)?.schema ?? {},
        match.schema ?? {},
        where,
        this.comparison,
      );
    }
  }

  private security(op: Node, theirs: Node, at: string) {
    const schemes = (requirements: unknown) =>
      new Set(((requirements ?? []) as Node[]).flatMap(r => Object.keys(r)));
    const ours = schemes(op.security ?? this.ours.security);
    const vendor = schemes(theirs.security ?? this.vendor.security);
    for (const scheme of ours) {
      if (!vendor.has(scheme)) {
        this.problem(
          `${at}: security scheme ${scheme} is not one the vendor's document accepts`,
        );
      }
    }
    if (ours.size === 0 && vendor.size > 0) {
      this.problem(
        `${at}: open here, the vendor's document requires ${[...vendor].join(
          ' or ',
        )}`,
      );
    }
  }

  private securitySchemes() {
    const theirs = (this.vendor.components?.securitySchemes ?? {}) as Node;
    for (const [name, scheme] of Object.entries(
      (this.ours.components?.securitySchemes ?? {}) as Node,
    )) {
      const at = `securitySchemes.${name}`;
      if (this.marked(scheme, at)) continue;
      const match = this.docs.vendor.deref(theirs[name]);
      if (!match) {
        this.problem(`${at} is not in the vendor's document`);
        continue;
      }
      for (const key of ['type', 'in', 'name', 'scheme']) {
        const a = String(scheme[key] ?? '').toLowerCase();
        const b = String(match[key] ?? '').toLowerCase();
        if (a !== b) {
          this.problem(
            `${at}.${key}: ${scheme[key]} here, ${
              match[key] ?? 'none'
            } in the vendor's document`,
          );
        }
      }
      this.comparison.agreed += 1;
    }
  }
}

/** Compares our contract with the vendor's document (both parsed). */
export function compareContract(ours: Node, vendor: Node): ContractComparison {
  return new Comparer(ours, vendor).run();
}
