// Acme Tasks web app: how it reaches the database through Supabase's Data API.
// Platform Kit's remediation plans read this folder (platformKit.targets[].appSourcePath)
// so that a fix never takes away what the app calls.
import { createClient } from '@supabase/supabase-js';

const supabase = createClient(
  process.env.NEXT_PUBLIC_SUPABASE_URL!,
  process.env.NEXT_PUBLIC_SUPABASE_ANON_KEY!,
);

export const myProjects = () => supabase.from('projects').select('*');

export const tasksOf = (projectId: number) =>
  supabase.from('tasks').select('*').eq('project_id', projectId);

export const searchTasks = (query: string) =>
  supabase.rpc('search_tasks', { query });

export const addComment = (taskId: number, body: string) =>
  supabase.from('comments').insert({ task_id: taskId, body });
