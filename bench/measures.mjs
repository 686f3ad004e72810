// The measures the benchmark takes, keyed as in bench/results.json, with the words the
// tables use: the lists bench.mjs and markdown.mjs share.

// Side by side, ours and React.
export const MEASURES = [
  ['formFilled', 'navigation → edit form filled'],
  ['save', 'click Save → "Saved"'],
  ['pressSave', 'press Save (held 100 ms) → "Saved"'],
  ['firstKeystrokeFrame', 'first keystroke in "Full name" → next frame'],
  ['keystrokeFrame', 'later keystrokes in "Full name" → next frame'],
  ['validation', 'keystroke → validation message'],
  ['firstPaint', 'navigation → first contentful paint'],
  ['rawPut', 'raw fetch PUT (network floor)'],
];

// Ours alone: React's build has no users page and no picker (the "Businesses" picker
// with its popup open, 1,500 businesses seeded).
export const PICKER = ['pickerKeystrokeFrame', 'keystroke in the open picker → next frame'];
export const OURS_ALONE = [
  ['users1000', 'navigation → 1,000 user rows on screen'],
  ['users1000AfterResponse', 'list response → 1,000 rows on screen'],
  PICKER,
];

// Ours alone, every profile: a new user (issue 28). From the navigation's start to the
// create form with its "Create user" button; from the click on it (name and email typed)
// to the new user's edit form filled.
export const CREATE = [
  ['newUserReady', 'navigation → new-user form ready'],
  ['createToUser', 'click Create user → the new user\'s form filled'],
];

// Ours alone, every profile: the users page as a workbench (issue 27). A filter chosen
// ("Active: No", 1,200 users seeded) → its rows on screen; and a bulk change of 50 users
// ("Require a new password", on a development API with the platform's limits: 60 writes
// and 120 calls a minute) from the confirming click to its report. The limits let 50
// read-and-write pairs go at once, so what bounds the run is the network: `bulk50Floor`
// is its 100 round trips at the profile's latency.
export const WORKBENCH = [
  ['filterRows', 'filter chosen → its rows shown'],
  ['bulk50', 'bulk change of 50 users (limits on) → report'],
  ['bulk50Floor', 'what the limits and latency allow (100 round trips)'],
];

// One frame at 60 Hz, for reading the "→ next frame" measures.
export const FRAME_MS = 16.7;
