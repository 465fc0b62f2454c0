// Runs in: main, and in the renderer through the API contract (pure zod, no Node imports).
// Where an app's code comes from: an image, a git repository or a folder on this laptop, and the
// rules for every value of them that reaches a server (git URL, ref, Dockerfile path, build
// args). Git gets its arguments after "--" as well, but nothing here relies on that alone.
import { z } from 'zod'
import { imageRef } from '../docker/refs'

export const appImage = imageRef.refine(
  (s) => !/^pier\//.test(s),
  'Images named pier/… are the release tags Pier manages; name the source image instead.'
)

// Printable ASCII only: no controls, no spaces, nothing a terminal or a log could misread.
const PRINTABLE = /^[\x21-\x7e]+$/
const SCP_LIKE = /^([A-Za-z0-9._-]+)@([A-Za-z0-9.-]+):(?!\/\/)(.+)$/
const HOST = /^(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,62})?)(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,62})?)*$/
const PATH_PART = /^[A-Za-z0-9._~/+@%-]+$/

/** Why a git URL is refused, or null when it is fine. Never repeats a credential back. */
export function gitUrlProblem(url: string): string | null {
  if (url.length === 0) return 'The git URL is empty.'
  if (url.length > 2048) return 'The git URL is longer than 2048 characters.'
  if (url.startsWith('-'))
    return 'A git URL cannot start with "-" (git would read it as an option).'
  if (/^[A-Za-z][A-Za-z0-9+.-]*::/.test(url))
    return 'Git "transport::address" URLs (ext::, fd::, file:: …) run programs; use https:// or ssh://.'
  if (!PRINTABLE.test(url))
    return 'A git URL cannot contain spaces, control characters or non-ASCII characters.'
  if (/--(upload-pack|receive-pack|config|exec)/i.test(url))
    return 'A git URL cannot carry --upload-pack or other git options.'
  if (url.split(/[/:]/).includes('..'))
    return 'The repository path of the git URL cannot contain "..".'
  const scheme = /^([A-Za-z][A-Za-z0-9+.-]*):\/\//.exec(url)?.[1]?.toLowerCase()
  if (scheme !== undefined) {
    if (scheme !== 'https' && scheme !== 'ssh')
      return `Git URLs over ${scheme}:// are not supported; use https://, ssh:// or user@host:path.`
    let parsed: URL
    try {
      parsed = new URL(url)
    } catch {
      return 'The git URL is malformed.'
    }
    if (scheme === 'https' && (parsed.username !== '' || parsed.password !== ''))
      return "Credentials in an https URL would end up in logs and on the server; use an ssh:// URL with the app's deploy key instead (pier app deploy-key NAME)."
    if (scheme === 'ssh' && parsed.password !== '')
      return "A password in an ssh URL is not supported; the app's deploy key is used instead."
    const host = parsed.hostname.replace(/^\[|\]$/g, '')
    if (!HOST.test(host) && !/^[0-9a-fA-F:]+$/.test(host))
      return 'The git URL has no valid host name.'
    if (parsed.search !== '' || parsed.hash !== '')
      return 'A git URL cannot have a "?" query or "#" fragment.'
    const path = decodeURIComponent(parsed.pathname)
    if (path === '/' || path === '') return 'The git URL names no repository path.'
    if (!PATH_PART.test(path) || path.split('/').includes('..'))
      return 'The repository path of the git URL has characters Pier does not pass to git.'
    return null
  }
  const scp = SCP_LIKE.exec(url)
  if (!scp)
    return 'A git URL is https://host/path, ssh://[user@]host[:port]/path or user@host:path.'
  const [, user = '', host = '', path = ''] = scp
  if (user.startsWith('-') || host.startsWith('-') || !HOST.test(host))
    return 'The host of the git URL is not a valid host name.'
  if (!PATH_PART.test(path) || path.startsWith('-') || path.split('/').includes('..'))
    return 'The repository path of the git URL has characters Pier does not pass to git.'
  return null
}

/** For messages and logs: the URL without anything that could be a credential. */
export function redactUrl(url: string): string {
  return url
    .replace(/^(https?:\/\/)[^/@]*@/i, '$1***@')
    .replace(/^([A-Za-z][A-Za-z0-9+.-]*:\/\/[^/@:]*):[^/@]*@/, '$1:***@')
}

export const gitUrl = z.string().superRefine((s, ctx) => {
  const problem = gitUrlProblem(s)
  if (problem) ctx.addIssue({ code: 'custom', message: problem })
})

/** Why a ref fails git check-ref-format (as a branch, tag or commit), or null. */
export function gitRefProblem(ref: string): string | null {
  const bad = (why: string) => `The git ref "${ref.slice(0, 60)}" ${why}`
  if (ref.length === 0) return 'The git ref is empty.'
  if (ref.length > 255) return bad('is longer than 255 characters.')
  if (ref.startsWith('-')) return bad('cannot start with "-" (git would read it as an option).')
  if (!PRINTABLE.test(ref)) return bad('cannot contain spaces, control or non-ASCII characters.')
  if (/[~^:?*[\\]/.test(ref)) return bad('cannot contain ~ ^ : ? * [ or \\.')
  // Stricter than git: shell and URL metacharacters are legal in refs but never needed.
  if (!/^[A-Za-z0-9._/+@-]+$/.test(ref))
    return bad('may use only letters, digits, ".", "_", "-", "/", "+" and "@".')
  if (ref.includes('..') || ref.includes('@{') || ref === '@') return bad('is not a valid ref.')
  if (ref.startsWith('/') || ref.endsWith('/') || ref.includes('//'))
    return bad('cannot start or end with "/" or contain "//".')
  if (ref.endsWith('.') || ref.endsWith('.lock')) return bad('cannot end with "." or ".lock".')
  if (ref.split('/').some((c) => c.startsWith('.'))) return bad('has a part starting with ".".')
  return null
}

export const gitRef = z.string().superRefine((s, ctx) => {
  const problem = gitRefProblem(s)
  if (problem) ctx.addIssue({ code: 'custom', message: problem })
})

/** A full commit id: fetched with the whole history, since servers don't advertise it. */
export const isCommitId = (ref: string): boolean => /^[0-9a-f]{40}$|^[0-9a-f]{64}$/.test(ref)

const DOCKERFILE_PART = /^[A-Za-z0-9._@+-]+$/
/** A Dockerfile path inside the source: relative, no "..", plain characters. */
export const dockerfilePath = z
  .string()
  .max(512)
  .superRefine((p, ctx) => {
    const bad = (why: string) =>
      ctx.addIssue({ code: 'custom', message: `The Dockerfile path "${p.slice(0, 60)}" ${why}` })
    if (p.length === 0) return bad('is empty.')
    if (p.startsWith('/')) return bad('must be relative to the source folder, not absolute.')
    if (p.startsWith('-')) return bad('cannot start with "-".')
    const parts = p.split('/')
    if (parts.includes('..')) return bad('cannot leave the source folder with "..".')
    if (parts.some((x) => x !== '.' && !DOCKERFILE_PART.test(x)))
      return bad('may use only letters, digits, ".", "_", "@", "+", "-" and "/".')
    return undefined
  })

export const buildArgKey = z
  .string()
  .regex(
    /^[A-Za-z_][A-Za-z0-9_]{0,127}$/,
    'A build arg name is letters, digits and "_", not starting with a digit.'
  )
  .refine((k) => !k.startsWith('PIER_'), 'Build args starting with PIER_ are reserved for Pier.')

/** `K=V`, split at the first "="; the value is literal. */
export const buildArgPair = z.string().transform((s, ctx) => {
  const eq = s.indexOf('=')
  const key = buildArgKey.safeParse(eq === -1 ? s : s.slice(0, eq))
  if (eq === -1 || !key.success) {
    ctx.addIssue({
      code: 'custom',
      message: `"${s.slice(0, 40)}" is not a build arg KEY=VALUE with a valid name (letters, digits, "_").`
    })
    return z.NEVER
  }
  const value = s.slice(eq + 1)
  if (value.includes('\0') || value.length > 65_536) {
    ctx.addIssue({
      code: 'custom',
      message: `The build arg ${key.data} has a NUL byte or is too long.`
    })
    return z.NEVER
  }
  return [key.data, value] as const
})

/** An absolute path on this laptop (checked for existence when the app is made and deployed). */
export const localDir = z
  .string()
  .min(1)
  .max(4096)
  .refine((p) => !p.includes('\0'), 'A folder path cannot contain a NUL byte.')
  .refine(
    (p) => p.startsWith('/') || /^[A-Za-z]:[\\/]/.test(p),
    'The folder must be an absolute path.'
  )

/** How code from git or a folder becomes an image. */
const buildFields = {
  /** Relative to the source; null: ./Dockerfile if there is one, else detect the stack. */
  dockerfile: dockerfilePath.nullable().default(null),
  /** Plain build args (not secrets: they show in `docker history`). */
  buildArgs: z.record(buildArgKey, z.string().max(65_536)).default({}),
  /** Overrides the detected stack's base image (when Pier writes the Dockerfile). */
  baseImage: imageRef.nullable().default(null)
}

export const imageSource = z.object({ type: z.literal('image'), image: appImage })
export const gitSource = z.object({
  type: z.literal('git'),
  url: gitUrl,
  /** Branch, tag or full commit id; null: the remote's default branch (HEAD). */
  ref: gitRef.nullable().default(null),
  submodules: z.boolean().default(false),
  ...buildFields
})
export const dirSource = z.object({ type: z.literal('dir'), path: localDir, ...buildFields })

export const appSource = z.discriminatedUnion('type', [imageSource, gitSource, dirSource])
export type AppSource = z.infer<typeof appSource>
export type BuildSource = Extract<AppSource, { type: 'git' | 'dir' }>

/** One line for lists and messages: the image, the git URL (no credentials) and ref, or the folder. */
export function describeSource(s: AppSource): string {
  if (s.type === 'image') return s.image
  if (s.type === 'git') return `${redactUrl(s.url)}${s.ref ? `#${s.ref}` : ''}`
  return s.path
}
