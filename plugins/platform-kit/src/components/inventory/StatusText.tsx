import { ReactNode } from 'react';
import {
  StatusError,
  StatusOK,
  StatusPending,
  StatusWarning,
} from '@backstage/core-components';

const ICONS = {
  ok: StatusOK,
  warning: StatusWarning,
  error: StatusError,
  pending: StatusPending,
};

/**
 * A status icon with its text. Backstage's Status components hide their
 * children from assistive technology, so the text is kept outside them.
 */
export function StatusText(props: {
  status: keyof typeof ICONS;
  children: ReactNode;
}) {
  const Icon = ICONS[props.status];
  return (
    <span style={{ whiteSpace: 'nowrap' }}>
      <Icon />
      {props.children}
    </span>
  );
}
