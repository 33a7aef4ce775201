-- User management starter with avatars in Storage: profiles, an avatars bucket, countries.
-- Written for Platform Kit's remediation tests after the common pattern of Supabase
-- user-management starters (a profile per auth user, storage policies per user folder).
--
-- probe user: 66666666-6666-4666-8666-666666666666
-- probe authenticated: update public.profiles set website = website where id = auth.uid()
-- probe authenticated: insert into storage.objects (bucket_id, name, owner) values ('avatars', '66666666-6666-4666-8666-666666666666/probe.png', auth.uid())
-- probe authenticated: update storage.objects set metadata = metadata where bucket_id = 'avatars'
-- probe authenticated: delete from storage.objects where bucket_id = 'avatars'
-- probe anon: select count(*) from storage.objects where bucket_id = 'avatars'
-- probe anon: select count(public.display_name(p)) from public.profiles p
-- probe authenticated: select count(public.display_name(p)) from public.profiles p

-- Countries for the profile form: readable through the API, no RLS, no policy.
create table public.countries (
  id int primary key,
  code text not null unique,
  name text not null
);

-- Banned users: RLS on, no policy (only definer helpers and the service key read it).
create table public.banned_users (
  user_id uuid primary key references auth.users (id) on delete cascade,
  reason text,
  banned_at timestamptz not null default now()
);
alter table public.banned_users enable row level security;

-- Written by delete_my_account(): no API grants, RLS never enabled.
create table public.deleted_accounts (
  id bigint generated always as identity primary key,
  user_id uuid not null,
  email text,
  deleted_at timestamptz not null default now()
);
revoke all on public.deleted_accounts from anon, authenticated;

-- Used by a generated column; resolves names through the caller's search_path.
create function public.username_key(u text) returns text
language sql immutable as $$
  select lower(regexp_replace(u, '[^[:alnum:]]+', '', 'g'))
$$;

create table public.profiles (
  id uuid primary key references auth.users (id) on delete cascade,
  username text unique,
  username_key text generated always as (public.username_key(username)) stored,
  full_name text,
  avatar_url text,
  website text,
  country_id int references public.countries (id),
  updated_at timestamptz,
  constraint username_length check (char_length(username) >= 3)
);

-- Helpers ------------------------------------------------------------------------

-- A computed field (PostgREST: select=username,display_name): an argument of a table's row type.
create function public.display_name(p public.profiles) returns text
language sql stable as $$
  select coalesce(p.full_name, p.username, 'anonymous')
$$;

-- For a policy to public (anyone).
create function public.is_banned(_user_id uuid) returns boolean
language sql stable security definer set search_path = public as $$
  select exists (select 1 from banned_users b where b.user_id = _user_id)
$$;

-- For storage policies to authenticated: the first folder of the object is the user's id.
create function public.owns_folder(object_name text) returns boolean
language sql stable security definer as $$
  select split_part(object_name, '/', 1) = auth.uid()::text
     and not exists (select 1 from public.banned_users b where b.user_id = auth.uid())
$$;

create function public.handle_new_user() returns trigger
language plpgsql security definer set search_path = public as $$
begin
  insert into profiles (id, full_name, avatar_url)
  values (new.id, new.raw_user_meta_data ->> 'full_name', new.raw_user_meta_data ->> 'avatar_url');
  return new;
end;
$$;
create trigger on_auth_user_created after insert on auth.users
  for each row execute procedure public.handle_new_user();

create function public.profiles_touch() returns trigger
language plpgsql as $$
begin
  new.updated_at = now();
  return new;
end;
$$;
create trigger profiles_touch before update on public.profiles
  for each row execute function public.profiles_touch();

-- Nothing calls this one.
create function public.ban_user(_user_id uuid, _reason text) returns void
language sql security definer as $$
  insert into public.banned_users (user_id, reason) values (_user_id, _reason)
  on conflict (user_id) do update set reason = excluded.reason
$$;

-- RPC called by the app -----------------------------------------------------------

-- The sign-up form checks a name before submitting (anon).
create function public.username_available(name text) returns boolean
language sql stable security definer set search_path = public as $$
  select not exists (select 1 from profiles p where p.username_key = username_key(name))
$$;

-- Zero arguments: the account page's "delete my account" button.
create function public.delete_my_account() returns void
language plpgsql security definer set search_path = public as $$
begin
  insert into deleted_accounts (user_id, email) select id, email from auth.users where id = auth.uid();
  delete from storage.objects where owner = auth.uid();
  delete from auth.users where id = auth.uid();
end;
$$;

-- Row level security ----------------------------------------------------------

alter table public.profiles enable row level security;

create policy "Public profiles are viewable by everyone." on public.profiles for select
  using (not public.is_banned(id));
create policy "Users can insert their own profile." on public.profiles for insert
  with check (auth.uid() = id);
create policy "Users can update own profile." on public.profiles for update
  using (auth.uid() = id);

insert into storage.buckets (id, name, public) values ('avatars', 'avatars', true);

create policy "Avatar images are publicly accessible." on storage.objects for select
  using (bucket_id = 'avatars');
create policy "Users upload avatars into their folder." on storage.objects for insert to authenticated
  with check (bucket_id = 'avatars' and public.owns_folder(name));
create policy "Users update their avatars." on storage.objects for update to authenticated
  using (bucket_id = 'avatars' and public.owns_folder(name));
create policy "Users delete their avatars." on storage.objects for delete to authenticated
  using (bucket_id = 'avatars' and public.owns_folder(name));

-- Data --------------------------------------------------------------------------

insert into public.countries (id, code, name) values
  (1, 'DE', 'Germany'), (2, 'FR', 'France'), (3, 'JP', 'Japan'), (4, 'BR', 'Brazil'), (5, 'KE', 'Kenya');

insert into auth.users (id, aud, role, email, raw_app_meta_data, raw_user_meta_data) values
  ('66666666-6666-4666-8666-666666666666', 'authenticated', 'authenticated', 'fatima@example.com',
   '{"provider": "email"}', '{"full_name": "Fatima Ali"}'),
  ('77777777-7777-4777-8777-777777777777', 'authenticated', 'authenticated', 'gus@example.com',
   '{"provider": "google"}', '{"full_name": "Gus Grant", "avatar_url": "77777777-7777-4777-8777-777777777777/me.png"}'),
  ('88888888-8888-4888-8888-888888888888', 'authenticated', 'authenticated', 'spam@example.com',
   '{"provider": "email"}', '{"full_name": "Spam Bot"}');

update public.profiles set username = 'fatima', website = 'https://fatima.example.com', country_id = 5
 where id = '66666666-6666-4666-8666-666666666666';
update public.profiles set username = 'gus_g', country_id = 3
 where id = '77777777-7777-4777-8777-777777777777';
update public.profiles set username = 'cheap-pills'
 where id = '88888888-8888-4888-8888-888888888888';

insert into public.banned_users (user_id, reason) values ('88888888-8888-4888-8888-888888888888', 'spam');

insert into storage.objects (bucket_id, name, owner) values
  ('avatars', '66666666-6666-4666-8666-666666666666/avatar.png', '66666666-6666-4666-8666-666666666666'),
  ('avatars', '77777777-7777-4777-8777-777777777777/me.png', '77777777-7777-4777-8777-777777777777');
