// Smoke script of the todo starter: what its screens do, with the demo data's values.
import { SupabaseLike } from './client';

export async function home(supabase: SupabaseLike) {
  const quotes = await supabase.from('quotes').select('body, author');
  const todos = await supabase
    .from('todos')
    .select('*')
    .order('inserted_at', { ascending: true });
  return { quotes, todos };
}

export async function search(supabase: SupabaseLike) {
  return supabase.rpc('search_todos', { q: 'milk' });
}

export async function finishGroceries(supabase: SupabaseLike) {
  return supabase.rpc('complete_all', { _list_id: 3 });
}

export async function shareInbox(supabase: SupabaseLike) {
  return supabase.rpc('share_list', {
    _list_id: 2,
    _email: 'erin@example.com',
    _can_edit: false,
  });
}

export async function addTodo(supabase: SupabaseLike, task: string) {
  return supabase.from('todos').insert({ task });
}
