// Runs in: main, CLI, headless server.
// A local folder as the build context the server receives: the files .dockerignore and the
// .gitignore files leave in (and never .git), packed as a gzipped tar stream. Symbolic links
// travel as links, as Docker would see them; sockets and other special files are skipped.
import fs from 'node:fs'
import path from 'node:path'
import ignore, { type Ignore } from 'ignore'
import { create as createTar } from 'tar'
import { PierError } from '../errors'

const lines = (file: string): string[] => {
  try {
    return fs.readFileSync(file, 'utf8').split(/\r?\n/)
  } catch {
    return []
  }
}

/**
 * .dockerignore patterns are relative to the context root (`*.md` matches only there), unlike
 * .gitignore's: anchor each with a leading "/" for the gitignore matcher.
 */
export function dockerignoreRules(text: string): string[] {
  const out: string[] = []
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim()
    if (line === '' || line.startsWith('#')) continue
    const neg = line.startsWith('!')
    const body = (neg ? line.slice(1) : line).replace(/^\/+/, '').replace(/^\.\//, '')
    if (body === '' || body === '.') continue
    out.push(`${neg ? '!' : ''}${body.startsWith('**') ? body : `/${body}`}`)
  }
  return out
}

interface Level {
  /** The folder (relative to the root, "" for the root) whose .gitignore this is. */
  base: string
  rules: Ignore
}

/**
 * The relative paths (files, links and folders, parents first) that the context keeps. `keep`
 * names files that go whatever the ignore files say (the Dockerfile, as Docker does).
 */
export function contextFiles(root: string, keep: readonly string[] = []): string[] {
  const docker = ignore().add(dockerignoreRules(lines(path.join(root, '.dockerignore')).join('\n')))
  const kept = new Set(keep.map((k) => path.posix.normalize(k)))
  const out: string[] = []
  const walk = (rel: string, levels: Level[]): void => {
    const abs = path.join(root, rel)
    const here = fs.existsSync(path.join(abs, '.gitignore'))
      ? [...levels, { base: rel, rules: ignore().add(lines(path.join(abs, '.gitignore'))) }]
      : levels
    const entries = fs.readdirSync(abs, { withFileTypes: true })
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    for (const e of entries) {
      const p = rel === '' ? e.name : `${rel}/${e.name}`
      const dir = e.isDirectory()
      if (e.name === '.git') continue
      if (!dir && !e.isFile() && !e.isSymbolicLink()) continue
      if (!kept.has(p) && ignored(p, dir, docker, here)) continue
      out.push(p)
      if (dir) walk(p, here)
    }
  }
  walk('', [])
  return out
}

function ignored(p: string, dir: boolean, docker: Ignore, levels: readonly Level[]): boolean {
  const test = dir ? `${p}/` : p
  if (docker.ignores(test)) return true
  // The deepest .gitignore that has a say decides, as in git.
  let out = false
  for (const l of levels) {
    const sub = l.base === '' ? test : test.slice(l.base.length + 1)
    const r = l.rules.test(sub)
    if (r.ignored) out = true
    else if (r.unignored) out = false
  }
  return out
}

export interface PackedContext {
  stream: NodeJS.ReadableStream
  files: number
  bytes: number
}

/** The folder's kept files as a gzipped tar (paths relative, owners and times made neutral). */
export function packContext(root: string, keep: readonly string[] = []): PackedContext {
  let stat: fs.Stats
  try {
    stat = fs.statSync(root)
  } catch {
    throw new PierError(
      'not_found',
      `The folder ${root} does not exist on this computer.`,
      'Check the path given with --dir (the app keeps the absolute path).'
    )
  }
  if (!stat.isDirectory())
    throw new PierError('invalid_input', `${root} is not a folder.`, 'Give a folder with --dir.')
  const entries = contextFiles(root, keep)
  let bytes = 0
  let files = 0
  for (const p of entries) {
    const st = fs.lstatSync(path.join(root, p))
    if (st.isFile()) {
      files++
      bytes += st.size
    }
  }
  const stream = createTar(
    { cwd: root, gzip: true, portable: true, noDirRecurse: true, follow: false },
    entries
  ) as unknown as NodeJS.ReadableStream
  return { stream, files, bytes }
}
