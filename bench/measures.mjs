// The measures the benchmark takes side by side, keyed as in bench/results.json, with
// the words the tables use: one list for bench.mjs and markdown.mjs.
export const MEASURES = [
  ['formFilled', 'navigation → edit form filled'],
  ['save', 'click Save → "Saved"'],
  ['keystrokeFrame', 'keystroke in "Full name" → next frame'],
  ['validation', 'keystroke → validation message'],
  ['firstPaint', 'navigation → first contentful paint'],
  ['rawPut', 'raw fetch PUT (network floor)'],
];
