// Runs in: main, CLI, headless server.
// Registry-less image distribution: one `docker save` stream from the node that has the image,
// fanned out through the laptop into `docker load` on every node that lacks it. The engine API
// exports whole images (no "only the layers you lack"), so nodes that already have the image
// id under that tag are skipped instead, and nodes that have the image id under another name
// (a rollback's new release tag of an image they ran before) only get the tag.
import { PassThrough, type Readable } from 'node:stream'
import type { Engine } from '../docker/engines'
import { engineMessage } from '../docker/engine-errors'
import { PierError } from '../errors'

export interface DistributeResult {
  image: string
  imageId: string
  /** Bytes of the exported image stream (sent once per receiving node). */
  bytes: number
  loaded: string[]
  skipped: string[]
  /** Nodes that had the image under another name and were given this one, without a copy. */
  tagged: string[]
}

/** `repo[:tag]` → its parts; null for a digest reference, which cannot be a tag. */
export function tagParts(image: string): { repo: string; tag: string } | null {
  if (image.includes('@')) return null
  const colon = image.lastIndexOf(':')
  if (colon > image.lastIndexOf('/'))
    return { repo: image.slice(0, colon), tag: image.slice(colon + 1) }
  return { repo: image, tag: 'latest' }
}

async function imageId(engine: Engine, image: string): Promise<string | null> {
  try {
    const info = (await engine.docker.getImage(image).inspect()) as { Id: string }
    return info.Id
  } catch (err) {
    if ((err as { statusCode?: number }).statusCode === 404) return null
    throw err
  }
}

/** Reads a `docker load` reply to the end; the engine reports a failed load inside it. */
async function loadReply(reply: NodeJS.ReadableStream): Promise<void> {
  let text = ''
  for await (const chunk of reply as AsyncIterable<Buffer>) text += chunk.toString('utf8')
  for (const line of text.split('\n')) {
    if (!line.trim()) continue
    let msg: { error?: string; errorDetail?: { message?: string } }
    try {
      msg = JSON.parse(line)
    } catch {
      continue
    }
    const error = msg.errorDetail?.message ?? msg.error
    if (error) throw new Error(error)
  }
}

/** Resolves once a branch can take more, or can never take more (it closed). */
function drained(b: PassThrough): Promise<void> | null {
  if (b.destroyed || !b.writableNeedDrain) return null
  return new Promise((resolve) => {
    const done = (): void => {
      b.off('drain', done)
      b.off('close', done)
      resolve()
    }
    b.on('drain', done)
    b.on('close', done)
  })
}

export async function distributeImage(
  from: Engine,
  targets: Engine[],
  image: string,
  onProgress?: (bytes: number) => void
): Promise<DistributeResult> {
  const id = await imageId(from, image)
  if (!id)
    throw new PierError(
      'not_found',
      `${from.server} has no image ${image} to distribute.`,
      `Build or pull it on ${from.server} first, or name the server that has it with --from.`
    )
  const need: Engine[] = []
  const skipped: string[] = []
  const tagged: string[] = []
  const parts = tagParts(image)
  for (const t of targets) {
    if (t.serverId === from.serverId) continue
    if ((await t.call(() => imageId(t, image), 'looking for the image')) === id)
      skipped.push(t.server)
    else if (parts && (await t.call((): Promise<string | null> => imageId(t, id))) === id) {
      await t.call(
        (d): Promise<unknown> => d.getImage(id).tag({ repo: parts.repo, tag: parts.tag }),
        `tagging ${image}`
      )
      tagged.push(t.server)
    } else need.push(t)
  }
  let bytes = 0
  if (need.length) {
    const source = (await from.call(
      (d) => d.getImage(image).get(),
      'exporting the image'
    )) as Readable
    const branches = need.map(() => new PassThrough({ highWaterMark: 1 << 20 }))
    // The slowest node sets the pace: the export pauses while any branch is full.
    source.on('data', (chunk: Buffer) => {
      bytes += chunk.length
      onProgress?.(bytes)
      let full = false
      for (const b of branches) if (!b.destroyed && !b.write(chunk)) full = true
      if (full) {
        source.pause()
        void Promise.all(branches.map(drained)).then(() => source.resume())
      }
    })
    source.on('end', () => branches.forEach((b) => b.end()))
    source.on('error', (err) => branches.forEach((b) => b.destroy(err)))
    const results = await Promise.allSettled(
      need.map(async (t, i) => {
        try {
          const branch = branches[i] as PassThrough
          const reply = await t.docker.loadImage(branch)
          await loadReply(reply)
        } catch (err) {
          branches[i]?.destroy()
          throw new PierError(
            'docker_failed',
            `Loading ${image} on ${t.server} failed: ${engineMessage(err as Error)}`,
            `Check the free disk space on ${t.server} (\`pier server check ${t.server}\`) and try again.`
          )
        }
      })
    )
    const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected')
    if (failed) throw failed.reason
  }
  return { image, imageId: id, bytes, loaded: need.map((t) => t.server), skipped, tagged }
}
