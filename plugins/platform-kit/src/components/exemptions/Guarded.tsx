import { ReactElement } from 'react';
import Tooltip from '@material-ui/core/Tooltip';

export const NOT_ALLOWED_TO_MANAGE_EXEMPTIONS =
  'You are not allowed to manage exemptions';
export const CHECKING_PERMISSIONS = 'Checking your permissions…';

/**
 * A control that is disabled with an explanation when not allowed (or while
 * the permission is being checked). A disabled button fires no events, so the
 * tooltip sits on a wrapper.
 */
export function Guarded(props: {
  allowed: boolean;
  loading: boolean;
  children: ReactElement;
  notAllowed?: string;
}) {
  const { allowed, loading, children } = props;
  if (allowed) return children;
  return (
    <Tooltip
      title={
        loading
          ? CHECKING_PERMISSIONS
          : props.notAllowed ?? NOT_ALLOWED_TO_MANAGE_EXEMPTIONS
      }
    >
      <span>{children}</span>
    </Tooltip>
  );
}
