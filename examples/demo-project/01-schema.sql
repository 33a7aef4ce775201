-- Acme Tasks: the demo Supabase project loaded by `./kit start` into the `demo` database.
-- It is written the way real projects drift: each defect below is one that Supabase's
-- advisor (or Platform Kit beyond it) reports. Runs on top of the Supabase-like fixture.

-- Extension installed into the exposed schema (extension_in_public).
ALTER EXTENSION pgcrypto SET SCHEMA public;

CREATE TABLE public.profiles (
  id uuid PRIMARY KEY REFERENCES auth.users (id) ON DELETE CASCADE,
  username text UNIQUE,
  full_name text,
  avatar_url text,
  updated_at timestamptz DEFAULT now()
);
ALTER TABLE public.profiles ENABLE ROW LEVEL SECURITY;
CREATE POLICY "Profiles are viewable by everyone" ON public.profiles
  FOR SELECT USING (true);
-- auth.uid() re-evaluated per row (auth_rls_initplan).
CREATE POLICY "Users can update own profile" ON public.profiles
  FOR UPDATE USING (auth.uid() = id);

CREATE TABLE public.projects (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  -- No index on the foreign key (unindexed_foreign_keys).
  owner_id uuid NOT NULL REFERENCES auth.users (id),
  name text NOT NULL,
  is_public boolean NOT NULL DEFAULT false,
  created_at timestamptz NOT NULL DEFAULT now()
);
ALTER TABLE public.projects ENABLE ROW LEVEL SECURITY;
-- Two permissive SELECT policies for the same role (multiple_permissive_policies).
CREATE POLICY "Owners read their projects" ON public.projects
  FOR SELECT TO authenticated USING ((SELECT auth.uid()) = owner_id);
CREATE POLICY "Anyone signed in reads public projects" ON public.projects
  FOR SELECT TO authenticated USING (is_public);
CREATE POLICY "Owners manage their projects" ON public.projects
  FOR ALL TO authenticated
  USING ((SELECT auth.uid()) = owner_id) WITH CHECK ((SELECT auth.uid()) = owner_id);
-- Admin check on user-editable metadata (rls_references_user_metadata).
CREATE POLICY "Admins delete projects" ON public.projects
  FOR DELETE TO authenticated
  USING ((auth.jwt() -> 'user_metadata' ->> 'role') = 'admin');

-- No RLS at all on an exposed table (rls_disabled_in_public).
CREATE TABLE public.tasks (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  project_id bigint NOT NULL REFERENCES public.projects (id) ON DELETE CASCADE,
  title text NOT NULL,
  done boolean NOT NULL DEFAULT false,
  assignee uuid REFERENCES auth.users (id),
  created_at timestamptz NOT NULL DEFAULT now()
);
-- The app reaches tasks only signed in, and policies are written for that, but RLS was
-- never enabled: enabling it keeps the app working (its policies take effect).
REVOKE ALL ON public.tasks FROM anon;
CREATE POLICY "Project owners manage their tasks" ON public.tasks
  FOR ALL TO authenticated
  USING (EXISTS (SELECT 1 FROM public.projects p WHERE p.id = project_id AND p.owner_id = (SELECT auth.uid())))
  WITH CHECK (EXISTS (SELECT 1 FROM public.projects p WHERE p.id = project_id AND p.owner_id = (SELECT auth.uid())));
-- The same index twice (duplicate_index).
CREATE INDEX tasks_title_idx ON public.tasks (title);
CREATE INDEX tasks_title_search_idx ON public.tasks (title);

-- Personal data without RLS (sensitive_columns_exposed).
CREATE TABLE public.customers (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  email text NOT NULL,
  phone text,
  ssn text,
  credit_card text,
  created_at timestamptz NOT NULL DEFAULT now()
);
-- Support staff read customers in the app; nobody else may.
REVOKE ALL ON public.customers FROM anon, authenticated;
GRANT SELECT ON public.customers TO authenticated;
CREATE POLICY "Support staff read customers" ON public.customers
  FOR SELECT TO authenticated
  USING (((SELECT auth.jwt()) -> 'app_metadata' ->> 'role') = 'support');

-- A policy that does nothing because RLS is off (policy_exists_rls_disabled).
CREATE TABLE public.comments (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  task_id bigint NOT NULL REFERENCES public.tasks (id) ON DELETE CASCADE,
  author_id uuid NOT NULL,
  body text NOT NULL
);
CREATE INDEX comments_task_id_idx ON public.comments (task_id);
CREATE POLICY "Authors edit their comments" ON public.comments
  FOR ALL TO authenticated USING ((SELECT auth.uid()) = author_id);
REVOKE ALL ON public.comments FROM anon;

-- RLS on, but nobody can read it (rls_enabled_no_policy).
CREATE TABLE public.attachments (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  task_id bigint NOT NULL REFERENCES public.tasks (id) ON DELETE CASCADE,
  url text NOT NULL
);
CREATE INDEX attachments_task_id_idx ON public.attachments (task_id);
ALTER TABLE public.attachments ENABLE ROW LEVEL SECURITY;

-- Anyone may write anything (rls_policy_always_true).
CREATE TABLE public.feedback (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  message text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
ALTER TABLE public.feedback ENABLE ROW LEVEL SECURITY;
CREATE POLICY "Anyone can send feedback" ON public.feedback
  FOR INSERT WITH CHECK (true);
CREATE POLICY "Anyone can edit feedback" ON public.feedback
  FOR UPDATE USING (true) WITH CHECK (true);

-- No primary key (no_primary_key). Every API role may read and write it and no policy says
-- who should: enabling RLS would lock the app out, so its fix needs a human.
CREATE TABLE public.audit_log (
  happened_at timestamptz NOT NULL DEFAULT now(),
  actor uuid,
  action text NOT NULL,
  detail jsonb
);

-- A view that runs with its owner's rights (security_definer_view).
CREATE VIEW public.task_overview AS
  SELECT t.id, t.title, t.done, p.name AS project, p.owner_id
  FROM public.tasks t JOIN public.projects p ON p.id = t.project_id;

-- auth.users reachable through the API (auth_users_exposed).
CREATE VIEW public.user_directory AS
  SELECT u.id, u.email, u.raw_user_meta_data ->> 'full_name' AS full_name
  FROM auth.users u;

-- A materialized view in the API (materialized_view_in_api).
CREATE MATERIALIZED VIEW public.project_stats AS
  SELECT p.id AS project_id, count(t.id) AS tasks, count(t.id) FILTER (WHERE t.done) AS done
  FROM public.projects p LEFT JOIN public.tasks t ON t.project_id = p.id
  GROUP BY p.id;

-- SECURITY DEFINER trigger function with a mutable search_path (function_search_path_mutable, critical).
CREATE FUNCTION public.handle_new_user() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER AS $$
BEGIN
  INSERT INTO profiles (id, full_name, avatar_url)
  VALUES (new.id, new.raw_user_meta_data ->> 'full_name', new.raw_user_meta_data ->> 'avatar_url');
  RETURN new;
END;
$$;
CREATE TRIGGER on_auth_user_created
  AFTER INSERT ON auth.users
  FOR EACH ROW EXECUTE FUNCTION public.handle_new_user();

-- SECURITY DEFINER function callable by anon, building SQL dynamically.
CREATE FUNCTION public.archive_project(project_id bigint) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER AS $$
BEGIN
  EXECUTE format('DELETE FROM tasks WHERE project_id = %s AND done', project_id);
END;
$$;

-- Plain function with a mutable search_path that uses pgcrypto unqualified.
CREATE FUNCTION public.hash_api_key(key text) RETURNS text
LANGUAGE sql STABLE AS $$
  SELECT encode(digest(key, 'sha256'), 'hex')
$$;

CREATE FUNCTION public.search_tasks(query text) RETURNS SETOF public.tasks
LANGUAGE sql STABLE AS $$
  SELECT * FROM tasks WHERE title ILIKE '%' || query || '%'
$$;

-- A public bucket whose objects can also be listed (public_bucket_allows_listing).
INSERT INTO storage.buckets (id, name, public) VALUES ('avatars', 'avatars', true);
CREATE POLICY "Avatar images are publicly listable" ON storage.objects
  FOR SELECT USING (bucket_id = 'avatars');
