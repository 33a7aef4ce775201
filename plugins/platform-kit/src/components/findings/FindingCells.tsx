import {
  Fragment,
  ReactNode,
  useCallback,
  useLayoutEffect,
  useRef,
  useState,
} from 'react';
import Box from '@material-ui/core/Box';
import Link from '@material-ui/core/Link';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import ErrorOutline from '@material-ui/icons/ErrorOutline';
import InfoOutlined from '@material-ui/icons/InfoOutlined';
import ReportProblemOutlined from '@material-ui/icons/ReportProblemOutlined';
import { FindingLevel } from '@platform-kit/plugin-platform-kit-common';

export type Level = FindingLevel;

/** Lines of a finding's detail shown before "Show more". */
export const DETAIL_LINES = 3;

const useStyles = makeStyles(theme => ({
  code: {
    fontFamily: 'ui-monospace, SFMono-Regular, Menlo, Consolas, monospace',
    fontSize: '0.9em',
    padding: '0 3px',
    borderRadius: 3,
    backgroundColor: theme.palette.action.selected,
    // Break between identifiers (at <wbr>), inside one only when it must.
    overflowWrap: 'break-word',
  },
  clamped: {
    display: '-webkit-box',
    WebkitLineClamp: DETAIL_LINES,
    WebkitBoxOrient: 'vertical',
    overflow: 'hidden',
  },
  text: {
    overflowWrap: 'break-word',
  },
  level: {
    display: 'inline-flex',
    alignItems: 'center',
    whiteSpace: 'nowrap',
    gap: theme.spacing(0.5),
  },
  ERROR: { color: theme.palette.error.main },
  WARN: { color: theme.palette.warning.main },
  INFO: { color: theme.palette.info.main },
}));

/** `schema.name`, with break opportunities after the dots only. */
export function Identifier(props: { children: string }) {
  const classes = useStyles();
  const parts = props.children.split('.');
  return (
    <code className={classes.code}>
      {parts.map((part, i) => (
        <Fragment key={i}>
          {i > 0 && (
            <>
              .<wbr />
            </>
          )}
          {part}
        </Fragment>
      ))}
    </code>
  );
}

/** Text with `backticked` parts as code, as the linter writes its details. */
export function InlineCode(props: { text: string }): JSX.Element {
  const parts = props.text.split(/`([^`]+)`/);
  return (
    <>
      {parts.map((part, i) =>
        i % 2 === 1 ? (
          <Identifier key={i}>{part}</Identifier>
        ) : (
          <Fragment key={i}>{part}</Fragment>
        ),
      )}
    </>
  );
}

/** The icon and name of a finding's level. */
export function LevelLabel(props: { level: Level }) {
  const classes = useStyles();
  const { level } = props;
  let icon: ReactNode;
  let label: string;
  if (level === 'ERROR') {
    icon = <ErrorOutline fontSize="small" aria-hidden />;
    label = 'Error';
  } else if (level === 'WARN') {
    icon = <ReportProblemOutlined fontSize="small" aria-hidden />;
    label = 'Warning';
  } else {
    icon = <InfoOutlined fontSize="small" aria-hidden />;
    label = 'Info';
  }
  return (
    <span className={`${classes.level} ${classes[level] ?? ''}`}>
      {icon}
      <Typography variant="body2" component="span" color="textPrimary">
        {label}
      </Typography>
    </span>
  );
}

/**
 * A finding's detail, at most {@link DETAIL_LINES} lines until expanded; the
 * toggle shows only when the text does not fit.
 */
export function FindingDetail(props: { text: string; id: string }) {
  const classes = useStyles();
  const [expanded, setExpanded] = useState(false);
  const [overflows, setOverflows] = useState(false);
  const ref = useRef<HTMLDivElement>(null);

  const measure = useCallback(() => {
    const el = ref.current;
    if (el && !expanded) setOverflows(el.scrollHeight > el.clientHeight + 1);
  }, [expanded]);

  useLayoutEffect(() => {
    measure();
    const el = ref.current;
    if (!el || typeof ResizeObserver === 'undefined') return undefined;
    const observer = new ResizeObserver(measure);
    observer.observe(el);
    return () => observer.disconnect();
  }, [measure, props.text]);

  const textId = `finding-detail-${props.id}`;
  return (
    <Box>
      <Typography
        ref={ref}
        id={textId}
        variant="body2"
        component="div"
        className={`${classes.text} ${expanded ? '' : classes.clamped}`}
      >
        <InlineCode text={props.text} />
      </Typography>
      {(overflows || expanded) && (
        <Link
          component="button"
          variant="caption"
          aria-expanded={expanded}
          aria-controls={textId}
          onClick={() => setExpanded(e => !e)}
        >
          {expanded ? 'Show less' : 'Show more'}
        </Link>
      )}
    </Box>
  );
}
