import { formatRelativeTime } from './relativeTime';

/** A time as "3 hours ago", the full local time on hover; `fallback` when there is none. */
export function RelativeTime(props: {
  value: string | null | undefined;
  fallback?: string;
}) {
  if (!props.value) return <>{props.fallback ?? '—'}</>;
  const full = new Date(props.value).toLocaleString();
  return (
    <time dateTime={props.value} title={full} style={{ whiteSpace: 'nowrap' }}>
      {formatRelativeTime(props.value)}
    </time>
  );
}
