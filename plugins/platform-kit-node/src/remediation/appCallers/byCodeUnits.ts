/** Order of strings by UTF-16 code units, the same on every machine and locale. */
export const byCodeUnits = (a: string, b: string) =>
  Number(a > b) - Number(a < b);
