/**
 * Where the application's source calls the database through the Data API.
 *
 * @public
 */
export interface AppCallSite {
  /** Path relative to the source root, with `/` separators. */
  path: string;
  /** 1-based line. */
  line: number;
  /**
   * The schema the call names in its chain (`supabase.schema('s').rpc('f')`),
   * when it names one; otherwise the client's default schema.
   */
  schema?: string;
}

/**
 * The application's callers found in its source: RPC calls by function name
 * (`supabase.rpc('name')`, `/rest/v1/rpc/name`) and table calls by table name
 * (`.from('table')`).
 *
 * @public
 */
export interface AppCallers {
  /** Where the source came from (a folder or a repository URL), for people. */
  origin: string;
  /** How many files were searched. */
  files: number;
  /** Call sites by function name (an object without a prototype). */
  rpc: Record<string, AppCallSite[]>;
  /** Call sites by table (or view) name (an object without a prototype). */
  tables: Record<string, AppCallSite[]>;
}
