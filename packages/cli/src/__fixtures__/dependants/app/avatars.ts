// Smoke script of the user-management starter: sign-up, account page, avatar upload.
import { SupabaseLike } from './client';

export async function signUpForm(supabase: SupabaseLike) {
  const countries = await supabase.from('countries').select('id, name');
  const available = await supabase.rpc('username_available', {
    name: 'fatima',
  });
  return { countries, available };
}

export async function accountPage(supabase: SupabaseLike, userId: string) {
  return supabase
    .from('profiles')
    .select('username, website, avatar_url')
    .eq('id', userId);
}

export async function uploadAvatar(
  supabase: SupabaseLike,
  userId: string,
  png: Uint8Array,
) {
  const path = `${userId}/avatar.png`;
  await supabase.storage.from('avatars').upload(path, png);
  return supabase
    .from('profiles')
    .update({ avatar_url: path })
    .eq('id', userId);
}

export async function deleteAccount(supabase: SupabaseLike) {
  return supabase.rpc('delete_my_account');
}
