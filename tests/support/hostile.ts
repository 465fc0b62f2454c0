// The bad-input corpus (../shared/notes/perf-security.md §7.3): every field that can reach a
// server is tested against these, expecting a clear rejection or a literal round trip.
export const HOSTILE: readonly string[] = [
  ';id',
  '$(id)',
  '`id`',
  '|id',
  '& id',
  '&& id',
  '${IFS}id',
  'main${IFS}id',
  'http://$(whoami).x',
  'http://x/path;id',
  'a\nid',
  'a\r\nid',
  '../../etc/passwd',
  '--upload-pack=touch /tmp/pwned',
  '-rf',
  "it's",
  '"double"',
  'a#comment',
  '$HOME',
  'x'.repeat(10_000),
  'ünïcödé-名前-🚀',
  'pаypal', // Cyrillic а
  ' leading space',
  '*',
  '~root',
  ''
]
