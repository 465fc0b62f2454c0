// Runs in: main, CLI, headless server.
// The POSIX sh scripts in remote-scripts/ are bundled as text at build time, so the packaged app
// and the CLI send exactly the files that shellcheck and the tests checked. A script's
// `. ./lib/NAME.sh # pier:include` line is replaced by that library, so each script reaches the
// server as one self-contained text while the shared helpers are written once.
const files = import.meta.glob('../../remote-scripts/**/*.sh', {
  query: '?raw',
  import: 'default',
  eager: true
}) as Record<string, string>

const PREFIX = '../../remote-scripts/'
const INCLUDE = /^\. \.\/(lib\/[a-z0-9-]+\.sh) # pier:include$/gm

function source(rel: string): string {
  const body = files[PREFIX + rel]
  if (body === undefined) throw new Error(`no remote script named ${rel}`)
  return body
}

export function remoteScript(name: string): string {
  if (name.includes('/')) throw new Error(`no remote script named ${name}`)
  return source(name).replace(INCLUDE, (_line, lib: string) =>
    source(lib).replace(/^# shellcheck shell=sh\n/, '')
  )
}

export function remoteScriptNames(): string[] {
  return Object.keys(files)
    .map((k) => k.slice(PREFIX.length))
    .filter((k) => !k.includes('/'))
}
