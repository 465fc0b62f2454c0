// Runs in: CLI.
// Values for `--secret K` flags: from a hidden prompt on a terminal, else from standard input
// (all of it for one secret, so it may span lines; one line per secret, in flag order, for
// several). Never from argv, where `ps` and the shell history would show them.
import { PierError } from '../core/errors'

async function readAll(): Promise<string> {
  const chunks: Buffer[] = []
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer)
  return Buffer.concat(chunks).toString('utf8')
}

function promptHidden(question: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const stdin = process.stdin
    process.stderr.write(question)
    stdin.setRawMode(true)
    stdin.resume()
    let value = ''
    const done = (err?: Error) => {
      stdin.setRawMode(false)
      stdin.pause()
      stdin.off('data', onData)
      process.stderr.write('\n')
      if (err) reject(err)
      else resolve(value)
    }
    const onData = (buf: Buffer) => {
      for (const ch of buf.toString('utf8')) {
        if (ch === '\r' || ch === '\n') return done()
        if (ch === '\u0003')
          return done(new PierError('invalid_input', 'Cancelled.', 'Run the command again.'))
        if (ch === '\u007f') value = value.slice(0, -1)
        else value += ch
      }
    }
    stdin.on('data', onData)
  })
}

export async function readSecretValues(names: readonly string[]): Promise<Record<string, string>> {
  const out: Record<string, string> = {}
  if (process.stdin.isTTY) {
    for (const k of names) out[k] = await promptHidden(`Value for ${k} (not shown): `)
    return out
  }
  const text = await readAll()
  if (names.length === 1) {
    out[names[0] as string] = text.replace(/\r?\n$/, '')
    return out
  }
  const lines = text.replace(/\r?\n$/, '').split(/\r?\n/)
  if (lines.length !== names.length)
    throw new PierError(
      'invalid_input',
      `${names.length} --secret flags need ${names.length} lines on standard input, got ${lines.length}.`,
      'Give one value per line, in the order of the --secret flags (or one --secret at a time).'
    )
  names.forEach((k, i) => (out[k] = lines[i] as string))
  return out
}
