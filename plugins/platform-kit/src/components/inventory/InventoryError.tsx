import { EmptyState, ResponseErrorPanel } from '@backstage/core-components';
import { errorMessage, notFoundMessage } from '../../api/errors';

/** A 404 (nothing scanned yet) as an empty state, anything else as an error panel with the server's message. */
export function InventoryError(props: { error: Error }) {
  const notFound = notFoundMessage(props.error);
  if (notFound !== undefined)
    return (
      <EmptyState
        missing="data"
        title="No inventory yet"
        description={notFound}
      />
    );
  // The server's message, without a stack trace that means nothing to the user.
  const error = new Error(errorMessage(props.error));
  error.stack = undefined;
  return (
    <ResponseErrorPanel title="Could not load the inventory" error={error} />
  );
}
