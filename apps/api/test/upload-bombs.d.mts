/** Types of upload-bombs.mjs (the generator is plain JavaScript so the bench can use it too). */
export type Part = string | Buffer | { head: string; unit: string; times: number; tail: string };
export function zip(entries: [string, Part][]): Buffer;
export function workbook(parts: { sheet: Part; sharedStrings?: Part; extra?: [string, Part][] }): Buffer;
export function uploadBombs(): { name: string; file: Buffer }[];
export function withinBounds(): { name: string; file: Buffer }[];
