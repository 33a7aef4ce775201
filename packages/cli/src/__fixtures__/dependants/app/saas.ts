// Smoke script of the SaaS starter: what its pages do, with the demo data's values.
import { SupabaseLike } from './client';

export async function pricingPage(supabase: SupabaseLike) {
  return supabase
    .from('plans')
    .select('id, name, price_cents')
    .order('price_cents');
}

export async function onboarding(supabase: SupabaseLike) {
  const { data: orgId } = await supabase.rpc('create_new_org', {
    org_name: 'Probe Org',
  });
  const invitation = await supabase.rpc('accept_invitation', {
    invite_token: 'welcome-alice-globex',
  });
  return { orgId, invitation };
}

export async function dashboard(supabase: SupabaseLike) {
  const summary = await supabase.rpc('org_dashboard', {
    _org_id: 'a0000000-0000-4000-8000-00000000000a',
  });
  const overview = await supabase.from('org_overview').select('*');
  const { data: currentOrg } = await supabase.rpc('current_org_id');
  const projects = await supabase
    .from('projects')
    .select('id, name, created_at')
    .order('created_at', { ascending: false });
  return { summary, overview, currentOrg, projects };
}

export async function teamPage(supabase: SupabaseLike) {
  return supabase.from('member_directory').select('user_id, email, role');
}

export async function addProject(supabase: SupabaseLike, name: string) {
  return supabase.from('projects').insert({ name });
}
