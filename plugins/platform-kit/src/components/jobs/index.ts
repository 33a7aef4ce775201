export { JobsPage, JobsContent } from './JobsPage';
