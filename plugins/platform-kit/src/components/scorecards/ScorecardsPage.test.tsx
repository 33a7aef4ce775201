import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { setupServer } from 'msw/node';
import { http, HttpResponse } from 'msw';
import { registerMswTestHooks } from '@backstage/test-utils';
import { API, renderWithApi } from '../../__testUtils__/renderWithApi';
import { EntityScorecard, GroupScorecard } from '../../api/types';
import { ScorecardsPage } from './ScorecardsPage';
import { downloadFile } from './downloadFile';
import { formatRelativeTime } from './relativeTime';

jest.mock('./downloadFile', () => ({ downloadFile: jest.fn() }));

jest.setTimeout(30_000);

const server = setupServer();
registerMswTestHooks(server);

function entity(
  i: number,
  overrides: Partial<EntityScorecard> = {},
): EntityScorecard {
  return {
    entityRef: `resource:default/db-${i}`,
    kind: 'Resource',
    title: `Database ${i}`,
    owner: 'group:default/tasks-team',
    system: 'tasks',
    domain: 'platform',
    score: i % 5 === 0 ? null : (i * 7) % 101,
    evaluatedAt: '2026-11-20T10:00:00.000Z',
    failingCapabilities: i === 1 ? ['rls', 'backups'] : [],
    partialCapabilities: [],
    trend:
      i === 1
        ? [
            { day: '2026-09-01', score: 40.2 },
            { day: '2026-10-15', score: 22 },
            { day: '2026-11-20', score: 7 },
          ]
        : [],
    ...overrides,
  };
}

const group: GroupScorecard = {
  key: 'group:default/tasks-team',
  entities: 12,
  scored: 10,
  averageScore: 61.5,
  minScore: 8,
  failingEntities: 4,
  worstCapabilities: ['pitr', 'rls'],
};

/** Serves `entities` paged; records every request URL. */
function serve(entities: EntityScorecard[]) {
  const urls: URL[] = [];
  server.use(
    http.get(`${API}/scorecards`, ({ request }) => {
      const url = new URL(request.url);
      urls.push(url);
      const offset = Number(url.searchParams.get('offset') ?? 0);
      const limit = Number(url.searchParams.get('limit') ?? 50);
      const groupBy = url.searchParams.get('groupBy') ?? 'none';
      if (groupBy !== 'none') {
        return HttpResponse.json({
          groupBy,
          total: 1,
          offset,
          limit,
          items: [group],
        });
      }
      // Table pages answer at most 5 rows (keeps rendering fast); the fetch-all
      // of the export and the chart (limit=500) gets every row.
      const count = limit === 500 ? limit : Math.min(limit, 5);
      return HttpResponse.json({
        groupBy,
        total: entities.length,
        offset,
        limit,
        items: entities.slice(offset, offset + count),
      });
    }),
  );
  return urls;
}

/** The requests of the table (not the chart's fetch-all with limit=500). */
const tableRequests = (urls: URL[]) =>
  urls.filter(u => u.searchParams.get('limit') !== '500');

describe('ScorecardsPage', () => {
  it('lists entities with score, trend, owner, system, failing capabilities and a link', async () => {
    serve([entity(1), entity(5, { system: 'system:default/tasks' })]);
    await renderWithApi(<ScorecardsPage debounceMs={200} />);

    expect(screen.getByText('Platform Kit scorecards')).toBeInTheDocument();
    const link = await screen.findByRole(
      'link',
      { name: 'Database 1' },
      { timeout: 5000 },
    );
    expect(link).toHaveAttribute('href', '/catalog/default/resource/db-1');
    const row = link.closest('tr')!;
    expect(within(row).getByText('7')).toBeInTheDocument();
    const trend = within(row).getByRole('img', {
      name: 'Score trend over 3 days: 40 → 7',
    });
    expect(trend.getAttribute('title')).toContain('2026-09-01 to 2026-11-20');
    // Owner and system by their short names, linked; the full reference on hover.
    const owner = within(row).getByRole('link', { name: 'tasks-team' });
    expect(owner).toHaveAttribute('href', '/catalog/default/group/tasks-team');
    expect(owner.closest('[title]')).toHaveAttribute(
      'title',
      'group:default/tasks-team',
    );
    const system = within(row).getByRole('link', { name: 'tasks' });
    expect(system).toHaveAttribute('href', '/catalog/default/system/tasks');
    expect(system.closest('[title]')).toHaveAttribute(
      'title',
      'system:default/tasks',
    );
    expect(within(row).getByText('rls')).toBeInTheDocument();
    expect(within(row).getByText('backups')).toBeInTheDocument();
    // Evaluated as a relative time, the full time on hover.
    const evaluated = row.querySelector(
      'time[datetime="2026-11-20T10:00:00.000Z"]',
    )!;
    expect(evaluated).toHaveTextContent(
      formatRelativeTime('2026-11-20T10:00:00.000Z'),
    );
    expect(evaluated).toHaveAttribute(
      'title',
      new Date('2026-11-20T10:00:00.000Z').toLocaleString(),
    );
    const unscored = screen
      .getByRole('link', { name: 'Database 5' })
      .closest('tr')!;
    expect(within(unscored).getByText('not evaluated')).toBeInTheDocument();
    expect(within(unscored).getByTitle('No score trend')).toHaveTextContent(
      '—',
    );
    expect(
      within(unscored).getByRole('link', { name: 'tasks' }),
    ).toHaveAttribute('href', '/catalog/default/system/tasks');

    expect(
      await screen.findByText(
        '2 entities by score. 0-19: 1, 20-39: 0, 40-59: 0, 60-79: 0, 80-100: 0, not evaluated: 1.',
      ),
    ).toBeInTheDocument();
    const summary = screen.getByLabelText('Scorecard summary');
    const stat = (label: string) =>
      within(summary).getByText(label).parentElement!;
    expect(stat('Entities')).toHaveTextContent('2');
    expect(stat('Evaluated')).toHaveTextContent('1');
    expect(stat('Average score')).toHaveTextContent('7');
    expect(stat('With failing capabilities')).toHaveTextContent('1');
  });

  it('sends filters, sorting and paging as query parameters', async () => {
    const urls = serve(Array.from({ length: 120 }, (_, i) => entity(i + 1)));
    await renderWithApi(<ScorecardsPage debounceMs={200} />);
    await screen.findByRole('link', { name: 'Database 1' }, { timeout: 5000 });
    expect(tableRequests(urls)[0].searchParams.get('offset')).toBe('0');
    expect(tableRequests(urls)[0].searchParams.get('limit')).toBe('50');

    await userEvent.type(screen.getByLabelText('Search'), 'db');
    await userEvent.type(screen.getByLabelText('Owner'), 'team-a');
    await userEvent.type(screen.getByLabelText('System'), 'tasks');
    await userEvent.type(screen.getByLabelText('Domain'), 'platform');
    await userEvent.type(screen.getByLabelText('Kind'), 'Resource');
    await userEvent.selectOptions(screen.getByLabelText('Sort by'), 'name');
    await userEvent.selectOptions(screen.getByLabelText('Order'), 'desc');

    await waitFor(
      () => {
        const last = tableRequests(urls).at(-1)!.searchParams;
        expect(Object.fromEntries(last)).toEqual({
          groupBy: 'none',
          sort: 'name',
          order: 'desc',
          q: 'db',
          owner: 'team-a',
          system: 'tasks',
          domain: 'platform',
          kind: 'Resource',
          offset: '0',
          limit: '50',
        });
      },
      { timeout: 5000 },
    );
    // The chart counts every row of the same filter.
    await waitFor(() =>
      expect(
        urls.some(
          u =>
            u.searchParams.get('limit') === '500' &&
            u.searchParams.get('q') === 'db' &&
            u.searchParams.get('kind') === 'Resource',
        ),
      ).toBe(true),
    );

    await screen.findByRole('link', { name: 'Database 1' }, { timeout: 5000 });
    await userEvent.click(screen.getByRole('button', { name: 'Next Page' }));
    await waitFor(() =>
      expect(tableRequests(urls).at(-1)!.searchParams.get('offset')).toBe('50'),
    );
    expect(
      await screen.findByRole('link', { name: 'Database 51' }),
    ).toBeInTheDocument();
    expect(screen.getAllByText('51-100 of 120').length).toBeGreaterThan(0);
  });

  it('groups by owner and shows roll-up rows', async () => {
    const urls = serve([entity(1)]);
    await renderWithApi(<ScorecardsPage debounceMs={200} />);
    await screen.findByRole('link', { name: 'Database 1' }, { timeout: 5000 });

    await userEvent.selectOptions(screen.getByLabelText('Group by'), 'owner');

    await screen.findByText('Scorecards by owner');
    const cell = screen.getByRole('link', { name: 'tasks-team' });
    expect(cell).toHaveAttribute('href', '/catalog/default/group/tasks-team');
    const row = cell.closest('tr')!;
    expect(within(row).getByText('12')).toBeInTheDocument();
    expect(within(row).getByText('10')).toBeInTheDocument();
    expect(within(row).getByText('62')).toBeInTheDocument();
    expect(within(row).getByText('4')).toBeInTheDocument();
    expect(within(row).getByText('pitr')).toBeInTheDocument();
    expect(screen.getByText('Scorecards by owner')).toBeInTheDocument();
    expect(tableRequests(urls).at(-1)!.searchParams.get('groupBy')).toBe(
      'owner',
    );
  });

  it('exports every page of the current filter as CSV', async () => {
    const urls = serve(Array.from({ length: 620 }, (_, i) => entity(i + 1)));
    await renderWithApi(<ScorecardsPage debounceMs={200} />);
    await screen.findByRole('link', { name: 'Database 1' }, { timeout: 5000 });
    await userEvent.type(screen.getByLabelText('Kind'), 'Resource');
    await waitFor(
      () =>
        expect(tableRequests(urls).at(-1)!.searchParams.get('kind')).toBe(
          'Resource',
        ),
      { timeout: 5000 },
    );
    urls.length = 0;

    await userEvent.click(screen.getByRole('button', { name: 'Export CSV' }));

    await waitFor(() => expect(downloadFile).toHaveBeenCalled());
    const [csv, fileName] = (downloadFile as jest.Mock).mock.calls.at(-1)!;
    expect(fileName).toMatch(
      /^platform-kit-scorecards-\d{4}-\d{2}-\d{2}\.csv$/,
    );
    const lines = (csv as string).trimEnd().split('\r\n');
    expect(lines[0]).toBe(
      'entityRef,title,kind,owner,system,domain,score,evaluatedAt,failingCapabilities,partialCapabilities',
    );
    expect(lines).toHaveLength(621);
    expect(lines[1]).toContain('resource:default/db-1,Database 1,Resource');
    expect(lines[1]).toContain('rls; backups');
    expect(
      urls.map(u => [u.searchParams.get('offset'), u.searchParams.get('kind')]),
    ).toEqual([
      ['0', 'Resource'],
      ['500', 'Resource'],
    ]);
  });

  it('shows an empty state', async () => {
    serve([]);
    await renderWithApi(<ScorecardsPage debounceMs={200} />);
    expect(await screen.findByText('No scorecards')).toBeInTheDocument();
  });

  it('shows the error from the API', async () => {
    server.use(
      http.get(`${API}/scorecards`, () =>
        HttpResponse.json(
          {
            error: { name: 'InputError', message: 'limit must be at most 500' },
          },
          { status: 400 },
        ),
      ),
    );
    await renderWithApi(<ScorecardsPage debounceMs={200} />);
    expect(
      (await screen.findAllByText(/limit must be at most 500/)).length,
    ).toBeGreaterThan(0);
  });
});
