import { Client } from 'pg';

export const SIZE = {
  schemas: 20,
  tablesPerSchema: 250, // 5,000 tables
  extraColumns: 18, // + id + owner_id = 20 columns
  policyTablesPerSchema: 150, // 3,000 policies
  functionsPerSchema: 100, // 2,000 functions
  viewsPerSchema: 15, // 300 views
  exposedSchemas: 10,
};

/**
 * One DO block per schema (a single transaction for 5,000 tables would exceed
 * the lock table). Every table: a primary key and one more index (10,000
 * indexes); the first tables of each schema get RLS and a policy; some
 * functions are SECURITY DEFINER, some pin their search_path.
 */
function schemaSql(s: number): string {
  const cols = Array.from(
    { length: SIZE.extraColumns },
    (_, i) => `c${i + 1} text`,
  ).join(', ');
  return `
DO $gen$
DECLARE t int;
BEGIN
  EXECUTE 'CREATE SCHEMA app_${s}';
  EXECUTE 'GRANT USAGE ON SCHEMA app_${s} TO anon, authenticated';
  FOR t IN 1..${SIZE.tablesPerSchema} LOOP
    EXECUTE format('CREATE TABLE app_${s}.t_%s (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, owner_id uuid, ${cols})', t);
    EXECUTE format('CREATE INDEX t_%s_c1_idx ON app_${s}.t_%s (c1)', t, t);
    EXECUTE format('GRANT SELECT, INSERT ON app_${s}.t_%s TO anon, authenticated', t);
    IF t <= ${SIZE.policyTablesPerSchema} THEN
      EXECUTE format('ALTER TABLE app_${s}.t_%s ENABLE ROW LEVEL SECURITY', t);
      EXECUTE format('CREATE POLICY owner_reads ON app_${s}.t_%s FOR SELECT TO authenticated USING (owner_id = auth.uid())', t);
    END IF;
    IF t <= ${SIZE.functionsPerSchema} THEN
      EXECUTE format('CREATE FUNCTION app_${s}.f_%s(p int) RETURNS int LANGUAGE plpgsql %s AS $f$ BEGIN RETURN p + 1; END $f$',
        t, CASE WHEN t % 10 = 0 THEN 'SECURITY DEFINER' WHEN t % 2 = 0 THEN 'SET search_path = ''''' ELSE '' END);
    END IF;
    IF t <= ${SIZE.viewsPerSchema} THEN
      EXECUTE format('CREATE VIEW app_${s}.v_%s AS SELECT id, c1 FROM app_${s}.t_%s', t, t);
    END IF;
  END LOOP;
END
$gen$;`;
}

export async function generateLargeProject(
  url: string,
  log: (s: string) => void,
): Promise<void> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    for (let s = 1; s <= SIZE.schemas; s++) {
      await client.query(schemaSql(s));
      if (s % 5 === 0) log(`  generated ${s}/${SIZE.schemas} schemas`);
    }
    const exposed = [
      'public',
      ...Array.from({ length: SIZE.exposedSchemas }, (_, i) => `app_${i + 1}`),
    ];
    const { rows } = await client.query('select current_database() as db');
    await client.query(
      `ALTER ROLE authenticator IN DATABASE "${
        rows[0].db
      }" SET pgrst.db_schemas = '${exposed.join(', ')}'`,
    );
    await client.query('ANALYZE');
  } finally {
    await client.end();
  }
}
