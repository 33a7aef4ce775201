import { ReactNode } from 'react';
import Box from '@material-ui/core/Box';
import List from '@material-ui/core/List';
import ListItem from '@material-ui/core/ListItem';
import ListItemText from '@material-ui/core/ListItemText';
import Typography from '@material-ui/core/Typography';
import {
  EmptyState,
  Gauge,
  InfoCard,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import {
  STATUS_LABELS,
  STATUS_ORDER,
  countByStatus,
  notFoundMessage,
  worstCapabilities,
} from './parityUtils';
import { SeverityChip, StatusChip } from './StatusChip';
import { useEntityParity } from './useEntityParity';

/**
 * Props of {@link EntityParityCard}.
 *
 * @public
 */
export interface EntityParityCardProps {
  /** Path of the parity tab, relative to the entity page. */
  tabPath?: string;
}

/** Overview card: score, status counts and the worst capabilities. */
export function EntityParityCard(props: EntityParityCardProps) {
  const { tabPath = 'parity' } = props;
  const { value, loading, error } = useEntityParity();
  const deepLink = { title: 'View parity', link: tabPath };

  let body: ReactNode;
  if (loading && !value) {
    body = <Progress />;
  } else if (error && !value) {
    const missing = notFoundMessage(error);
    body =
      missing !== undefined ? (
        <EmptyState
          missing="info"
          title="No parity yet"
          description={missing}
        />
      ) : (
        <ResponseErrorPanel error={error} />
      );
  } else if (value) {
    const counts = countByStatus(value.results);
    const worst = worstCapabilities(value.results);
    body = (
      <>
        <Box display="flex" alignItems="center" style={{ gap: 16 }}>
          <Box width={120}>
            {value.score === null ? (
              <Typography variant="h6">Not evaluated</Typography>
            ) : (
              <Box
                role="group"
                aria-label={`Score: ${Math.round(value.score)} of 100`}
              >
                <Gauge
                  value={value.score}
                  fractional={false}
                  max={100}
                  size="small"
                />
              </Box>
            )}
          </Box>
          <Box
            component="ul"
            aria-label="Capabilities by status"
            p={0}
            m={0}
            style={{ listStyle: 'none' }}
          >
            {STATUS_ORDER.filter(s => s !== 'not_applicable').map(s => (
              <Typography key={s} component="li" variant="body2">
                {STATUS_LABELS[s]}: {counts[s]}
              </Typography>
            ))}
          </Box>
        </Box>
        <Typography
          variant="subtitle2"
          component="h3"
          style={{ marginTop: 16 }}
        >
          Worst capabilities
        </Typography>
        {worst.length === 0 ? (
          <Typography variant="body2" color="textSecondary">
            Nothing failing or partial.
          </Typography>
        ) : (
          <List dense aria-label="Worst capabilities">
            {worst.map(c => (
              <ListItem key={c.capabilityId} disableGutters>
                <ListItemText primary={c.title} />
                <Box display="flex" style={{ gap: 4 }}>
                  <StatusChip status={c.status} />
                  <SeverityChip severity={c.severity} />
                </Box>
              </ListItem>
            ))}
          </List>
        )}
      </>
    );
  }

  return (
    <InfoCard title="Parity" deepLink={deepLink}>
      {body}
    </InfoCard>
  );
}
