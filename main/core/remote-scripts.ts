// Runs in: main, CLI, headless server.
// The POSIX sh scripts in remote-scripts/ are bundled as text at build time, so the packaged app
// and the CLI send exactly the files that shellcheck and the tests checked.
const scripts = import.meta.glob('../../remote-scripts/*.sh', {
  query: '?raw',
  import: 'default',
  eager: true
}) as Record<string, string>

export function remoteScript(name: string): string {
  const body = scripts[`../../remote-scripts/${name}`]
  if (body === undefined) throw new Error(`no remote script named ${name}`)
  return body
}

export function remoteScriptNames(): string[] {
  return Object.keys(scripts).map((k) => k.split('/').pop() ?? k)
}
