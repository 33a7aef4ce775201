import { EmptyState } from '@backstage/core-components';
import {
  Box,
  List as MuiList,
  ListItem,
  ListItemText,
  Typography,
} from '@material-ui/core';
import { StatusText } from './StatusText';
import {
  PushedResultsInventory,
  RepositoryInventory,
  SpecBundleReport,
  SpecFileReport,
} from '@platform-kit/plugin-platform-kit-common';

const captured = (at: unknown) =>
  typeof at === 'string' && at ? new Date(at).toLocaleString() : undefined;

function FactStatus(props: { value: boolean | undefined }) {
  if (props.value === true) return <StatusText status="ok">true</StatusText>;
  if (props.value === false)
    return <StatusText status="error">false</StatusText>;
  return <StatusText status="warning">unknown</StatusText>;
}

function fileProblems(file: SpecFileReport): string {
  if (!file.present) return 'missing';
  return [
    ...(file.missingSections ?? []).map(s => `no “${s}” section`),
    ...(file.problems ?? []),
  ].join('; ');
}

/** Each spec bundle under `spec/`, file by file. */
function SpecBundles(props: { bundles: SpecBundleReport[] }) {
  if (props.bundles.length === 0) return null;
  return (
    <Box mt={2}>
      <Typography variant="subtitle1">Spec bundles</Typography>
      <MuiList dense aria-label="Spec bundles">
        {props.bundles.map(bundle => (
          <ListItem key={bundle.name} alignItems="flex-start">
            <ListItemText
              primary={
                <>
                  <code>{bundle.directory ?? bundle.name}</code>:{' '}
                  {bundle.complete ? (
                    <StatusText status="ok">complete</StatusText>
                  ) : (
                    <StatusText status="warning">incomplete</StatusText>
                  )}
                </>
              }
              secondaryTypographyProps={{ component: 'div' }}
              secondary={(bundle.files ?? []).map(file => (
                <div key={file.path}>
                  <code>{file.path}</code>{' '}
                  {file.valid ? 'valid' : fileProblems(file)}
                </div>
              ))}
            />
          </ListItem>
        ))}
      </MuiList>
    </Box>
  );
}

/** Repository facts (spec bundle, CI gates, ...) or results pushed from CI. */
export function RepositoryFacts(props: {
  response: RepositoryInventory | PushedResultsInventory;
}) {
  const { response } = props;
  if (response.kind === 'pushed-results') {
    const by =
      typeof response.pushedBy === 'string' ? ` by ${response.pushedBy}` : '';
    const at = captured(response.capturedAt);
    return (
      <EmptyState
        missing="data"
        title="Results pushed from CI"
        description={`This entity's findings and parity were pushed from CI${by}${
          at ? ` on ${at}` : ''
        }; there is no database inventory to browse.`}
      />
    );
  }
  // Snapshots of older releases may lack a part.
  const facts = response.facts ?? {};
  const unknown = response.unknown ?? [];
  const evidence = response.evidence ?? {};
  const bundles = response.specBundles?.bundles ?? [];
  const keys = [...new Set([...Object.keys(facts), ...unknown])].sort();
  if (keys.length === 0 && bundles.length === 0)
    return (
      <EmptyState
        missing="data"
        title="No repository facts"
        description="The latest scan of this repository recorded no facts."
      />
    );
  const at = captured(response.capturedAt);
  return (
    <Box>
      <Typography variant="subtitle1">Spec bundle and gates</Typography>
      {at && (
        <Typography variant="caption" color="textSecondary" component="p">
          Captured {at}
        </Typography>
      )}
      <MuiList dense aria-label="Repository facts">
        {keys.map(key => (
          <ListItem key={key}>
            <ListItemText
              primary={
                <>
                  <code>{key}</code>:{' '}
                  <FactStatus value={key in facts ? facts[key] : undefined} />
                </>
              }
              secondary={evidence[key]}
            />
          </ListItem>
        ))}
      </MuiList>
      <SpecBundles bundles={bundles} />
    </Box>
  );
}
