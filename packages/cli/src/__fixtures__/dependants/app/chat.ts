// Smoke script of the chat starter: channel list, messages, profile form, unread badges.
import { SupabaseLike } from './client';

export async function channelList(supabase: SupabaseLike) {
  const channels = await supabase.from('channels').select('*');
  const activity = await supabase.from('channel_activity').select('*');
  const leaderboard = await supabase.from('leaderboard').select('*');
  return { channels, activity, leaderboard };
}

export async function sendMessage(
  supabase: SupabaseLike,
  channelId: number,
  message: string,
) {
  return supabase.from('messages').insert({ channel_id: channelId, message });
}

export async function profileForm(supabase: SupabaseLike) {
  return supabase.rpc('username_taken', { name: 'HANA' });
}

/** The unread badges poll the REST endpoint directly. */
export async function unreadBadges(apiUrl: string, accessToken: string) {
  const response = await fetch(`${apiUrl}/rest/v1/rpc/unread_counts`, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${accessToken}`,
      'content-type': 'application/json',
    },
    body: '{}',
  });
  return response.json();
}
