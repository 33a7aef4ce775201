import { csvCell, toCsv } from './toCsv';
import { entityCsvColumns } from './columns';
import { EntityScorecard } from '../../api/types';

describe('csvCell', () => {
  it('leaves plain text and numbers alone', () => {
    expect(csvCell('plain')).toBe('plain');
    expect(csvCell(42)).toBe('42');
    expect(csvCell(0)).toBe('0');
  });

  it('writes null and undefined as empty cells', () => {
    expect(csvCell(null)).toBe('');
    expect(csvCell(undefined)).toBe('');
  });

  it('quotes commas, quotes, newlines and surrounding spaces', () => {
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('line 1\nline 2')).toBe('"line 1\nline 2"');
    expect(csvCell('cr\r\nlf')).toBe('"cr\r\nlf"');
    expect(csvCell(' padded ')).toBe('" padded "');
  });

  it('joins arrays with semicolons', () => {
    expect(csvCell(['rls', 'backups'])).toBe('rls; backups');
    expect(csvCell([])).toBe('');
  });

  it('defuses text a spreadsheet would run as a formula', () => {
    expect(csvCell('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`);
    expect(csvCell('@cmd')).toBe("'@cmd");
    expect(csvCell('-1+2')).toBe("'-1+2");
  });
});

describe('toCsv', () => {
  it('builds a header and one CRLF-terminated line per row', () => {
    const rows: EntityScorecard[] = [
      {
        entityRef: 'resource:default/acme-tasks-db',
        kind: 'Resource',
        title: 'Acme, "Tasks"',
        owner: 'group:default/tasks-team',
        system: null,
        domain: 'platform',
        score: 72.5,
        evaluatedAt: '2026-11-20T10:00:00.000Z',
        failingCapabilities: ['rls', 'backups'],
        partialCapabilities: [],
        trend: [],
      },
    ];
    expect(toCsv(entityCsvColumns, rows)).toBe(
      'entityRef,title,kind,owner,system,domain,score,evaluatedAt,failingCapabilities,partialCapabilities\r\n' +
        'resource:default/acme-tasks-db,"Acme, ""Tasks""",Resource,group:default/tasks-team,,platform,72.5,2026-11-20T10:00:00.000Z,rls; backups,\r\n',
    );
  });

  it('writes only the header for no rows', () => {
    expect(toCsv([{ header: 'a', value: () => 1 }], [])).toBe('a\r\n');
  });
});
