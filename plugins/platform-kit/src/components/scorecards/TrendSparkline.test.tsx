import { render, screen } from '@testing-library/react';
import { TrendSparkline, describeTrend } from './TrendSparkline';

describe('TrendSparkline', () => {
  const trend = [
    { day: '2026-08-29', score: 41.4 },
    { day: '2026-10-01', score: 55 },
    { day: '2026-11-26', score: 71.6 },
  ];

  it('draws the scores as a line labelled with first → last and the days', () => {
    const { container } = render(<TrendSparkline trend={trend} />);
    const img = screen.getByRole('img', {
      name: 'Score trend over 3 days: 41 → 72',
    });
    expect(img).toHaveAttribute(
      'title',
      'Score trend over 3 days: 41 → 72 (2026-08-29 to 2026-11-26)',
    );
    expect(container.querySelector('svg')).not.toBeNull();
  });

  it('shows an em dash without a trend', () => {
    render(<TrendSparkline trend={[]} />);
    expect(screen.getByTitle('No score trend')).toHaveTextContent('—');
    expect(screen.queryByRole('img')).not.toBeInTheDocument();
  });

  it('says "1 day" for a single score', () => {
    expect(describeTrend([{ day: '2026-11-26', score: 80 }])).toBe(
      'Score trend over 1 day: 80 → 80',
    );
  });
});
