export { ScorecardsPage, ScorecardsContent } from './ScorecardsPage';
export { toCsv, csvCell } from './toCsv';
export type { CsvColumn } from './toCsv';
