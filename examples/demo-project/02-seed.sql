-- Demo rows: a few users (profiles come from the trigger), projects and tasks.
INSERT INTO auth.users (id, aud, role, email, raw_user_meta_data, raw_app_meta_data)
VALUES
  ('8d0fd2b3-9ca7-4d9e-a95f-9e13dded323e', 'authenticated', 'authenticated', 'ada@acme.test',
   '{"full_name": "Ada Lovelace", "avatar_url": "https://avatars.acme.test/ada.png"}', '{"provider": "email"}'),
  ('c2c2b4f3-6a6e-4d2f-9a41-2f0b6d3d4a11', 'authenticated', 'authenticated', 'grace@acme.test',
   '{"full_name": "Grace Hopper"}', '{"provider": "github"}'),
  ('0b1c7c2e-55a8-4b0b-9e0a-6a0c1f9b7e22', 'authenticated', 'authenticated', 'linus@acme.test',
   '{"full_name": "Linus Torvalds", "role": "admin"}', '{"provider": "email"}');

INSERT INTO public.projects (owner_id, name, is_public) VALUES
  ('8d0fd2b3-9ca7-4d9e-a95f-9e13dded323e', 'Analytical Engine', true),
  ('c2c2b4f3-6a6e-4d2f-9a41-2f0b6d3d4a11', 'COBOL compiler', false),
  ('0b1c7c2e-55a8-4b0b-9e0a-6a0c1f9b7e22', 'Kernel', true);

INSERT INTO public.tasks (project_id, title, done, assignee)
SELECT p.id, t.title, t.done, p.owner_id
FROM public.projects p
CROSS JOIN (VALUES ('Write the spec', true), ('Review the design', false), ('Ship it', false)) AS t (title, done);

INSERT INTO public.customers (email, phone, ssn, credit_card) VALUES
  ('buyer@example.test', '+1 555 0100', '000-00-0000', '4111 1111 1111 1111');

INSERT INTO public.audit_log (actor, action, detail) VALUES
  ('8d0fd2b3-9ca7-4d9e-a95f-9e13dded323e', 'project.create', '{"project": "Analytical Engine"}');

REFRESH MATERIALIZED VIEW public.project_stats;
