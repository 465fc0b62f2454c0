// Runs in: main, CLI, headless server.
// Apps built on their server: the source a user's flags describe, its deploy key, the upload of
// a local folder, and the extra arguments deploy.sh takes for a build.
import { randomBytes } from 'node:crypto'
import path from 'node:path'
import ssh2 from 'ssh2'
import { PierError } from '../errors'
import type { ServerLink } from '../ssh/link'
import { shJoin } from '../ssh/quote'
import { stackDockerfiles } from './dockerfiles'
import { packContext } from './pack'
import { appSource, type AppSource, type BuildSource } from './source'

/** The source fields as create and update take them (the CLI's flags). */
export interface SourceInput {
  image?: string
  git?: string
  ref?: string
  submodules?: boolean
  dir?: string
  dockerfile?: string
  buildArgs?: Readonly<Record<string, string>>
  baseImage?: string
}

const invalid = (message: string, hint: string): PierError =>
  new PierError('invalid_input', message, hint)

const ONE_SOURCE = 'Give exactly one of --image IMG, --git URL or --dir PATH.'

function zodProblem(r: { success: boolean; error?: { issues: { message: string }[] } }): string {
  return r.error?.issues[0]?.message ?? 'invalid'
}

function parsed(candidate: unknown): AppSource {
  const r = appSource.safeParse(candidate)
  if (!r.success) throw invalid(zodProblem(r), 'Fix the value and run the command again.')
  return r.data
}

/** The source a new app gets from its flags: exactly one of image, git or dir. */
export function sourceFromInput(i: SourceInput): AppSource {
  const given = [i.image, i.git, i.dir].filter((x) => x !== undefined).length
  if (given !== 1)
    throw invalid(
      given === 0 ? 'An app needs a source.' : 'An app has one source, not several.',
      ONE_SOURCE
    )
  const build = {
    dockerfile: i.dockerfile ?? null,
    buildArgs: { ...i.buildArgs },
    baseImage: i.baseImage ?? null
  }
  if (i.image !== undefined) {
    const extra = buildOnly(i)
    if (extra)
      throw invalid(`--${extra} applies to --git and --dir sources, not to an image.`, ONE_SOURCE)
    return parsed({ type: 'image', image: i.image })
  }
  if (i.git !== undefined)
    return parsed({
      type: 'git',
      url: i.git,
      ref: i.ref ?? null,
      submodules: i.submodules ?? false,
      ...build
    })
  if (i.ref !== undefined || i.submodules)
    throw invalid('--ref and --submodules apply to --git sources.', ONE_SOURCE)
  return parsed({ type: 'dir', path: i.dir, ...build })
}

function buildOnly(i: SourceInput): string | null {
  if (i.dockerfile !== undefined) return 'dockerfile'
  if (i.buildArgs !== undefined && Object.keys(i.buildArgs).length > 0) return 'build-arg'
  if (i.baseImage !== undefined) return 'base-image'
  if (i.ref !== undefined) return 'ref'
  if (i.submodules) return 'submodules'
  return null
}

const defined = <T extends object>(o: T): Partial<T> =>
  Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>

/** The source after an update: a new source replaces it, build settings change in place. */
export function mergeSource(current: AppSource, change: SourceInput): AppSource {
  const i = defined(change)
  if (i.image !== undefined) return sourceFromInput(i)
  const prev: SourceInput =
    current.type === 'image'
      ? {}
      : defined({
          dockerfile: current.dockerfile ?? undefined,
          buildArgs: current.buildArgs,
          baseImage: current.baseImage ?? undefined
        })
  const buildArgs = { ...prev.buildArgs, ...i.buildArgs }
  if (i.git !== undefined || i.dir !== undefined)
    return sourceFromInput({ ...prev, ...i, buildArgs })
  const extra = buildOnly(i)
  if (!extra) return current
  if (current.type === 'image')
    throw invalid(
      `--${extra} applies to apps built from --git or --dir; this app runs an image.`,
      'Change the source with --git URL or --dir PATH first.'
    )
  if (current.type === 'dir')
    return sourceFromInput({ ...prev, ...i, buildArgs, dir: current.path })
  return sourceFromInput({
    ...prev,
    ...defined({ ref: current.ref ?? undefined, submodules: current.submodules }),
    ...i,
    buildArgs,
    git: current.url
  })
}

/** A new ed25519 key pair in OpenSSH format; the comment names the app. */
export function newDeployKey(
  app: string,
  kind: 'deploy' | 'ci' = 'deploy'
): { privateKey: string; publicKey: string } {
  const pair = ssh2.utils.generateKeyPairSync('ed25519', { comment: `pier-${kind}-${app}` })
  return { privateKey: pair.private, publicKey: pair.public.trim() }
}

/** The folder a deploy uploads into: ~/.pier/apps/APP/uploads/<id>. */
export const newUploadId = (): string => randomBytes(8).toString('hex')

const UNPACK = [
  'set -e',
  'd="$HOME/.pier/apps/$1/uploads"',
  'mkdir -p "$d"',
  // Uploads that no deploy picked up (a job that never started) don't pile up.
  'find "$d" -mindepth 1 -maxdepth 1 -mmin +1440 -exec rm -rf {} + 2>/dev/null || true',
  'rm -rf "${d:?}/$2"',
  'mkdir "$d/$2"',
  'tar -xzf - -C "$d/$2"'
].join('\n')

/** Streams the folder's build context into ~/.pier/apps/APP/uploads/ID on the server. */
export async function uploadFolder(
  link: ServerLink,
  server: string,
  app: string,
  source: Extract<BuildSource, { type: 'dir' }>,
  uploadId: string
): Promise<{ files: number; bytes: number }> {
  const keep = source.dockerfile ? [source.dockerfile] : ['Dockerfile']
  const packed = packContext(path.resolve(source.path), keep)
  const r = await link.exec(shJoin(['sh', '-c', UNPACK, 'pier', app, uploadId]), {
    stdin: packed.stream,
    timeoutMs: 30 * 60_000
  })
  if (r.code !== 0)
    throw new PierError(
      'remote_failed',
      `Uploading ${source.path} to ${server} failed: ${(r.stderr || r.stdout).trim().slice(0, 300)}`,
      'Check the free space in ~/.pier on the server, and that tar is installed there.'
    )
  return { files: packed.files, bytes: packed.bytes }
}

/** deploy.sh's arguments after WAIT for a build (see its usage comment). */
export function buildArgs(
  source: BuildSource,
  uploadId: string | null,
  env: Readonly<Record<string, string | undefined>>
): string[] {
  return [
    source.type,
    source.type === 'git' ? source.url : (uploadId ?? ''),
    source.type === 'git' ? (source.ref ?? '') : '',
    source.type === 'git' && source.submodules ? 'yes' : 'no',
    source.dockerfile ?? '',
    '',
    ...stackDockerfiles(source.baseImage, env),
    ...Object.entries(source.buildArgs).map(([k, v]) => `${k}=${v}`)
  ]
}
