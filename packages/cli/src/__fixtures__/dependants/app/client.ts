// The part of a supabase-js client that the sample apps use (no dependency on the SDK).

export interface Result {
  data: unknown;
  error: { message: string } | null;
}

export interface Query extends PromiseLike<Result> {
  eq(column: string, value: unknown): Query;
  order(column: string, options?: { ascending: boolean }): Query;
}

export interface Table {
  select(columns?: string): Query;
  insert(values: Record<string, unknown>): Query;
  update(values: Record<string, unknown>): Query;
  delete(): Query;
}

export interface Bucket {
  upload(path: string, body: Uint8Array): PromiseLike<Result>;
  getPublicUrl(path: string): { data: { publicUrl: string } };
}

export interface SupabaseLike {
  from(table: string): Table;
  rpc(fn: string, args?: Record<string, unknown>): PromiseLike<Result>;
  storage: { from(bucket: string): Bucket };
}
