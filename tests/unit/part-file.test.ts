// The receiving end of a pull: batching, hashing and appending in a worker thread, resuming from
// the part already on disk, and failures of the worker or the disk as clear errors that leave the
// part for the next pull to resume.
import { createHash, randomBytes } from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { PierError } from '../../main/core/errors'
import { openPart, WORKER_SOURCE, type PartWriter } from '../../main/core/databases/part-file'
import { tmpDir } from '../support/tmp'

/** Whether this process still holds a descriptor of `file` (Linux; false elsewhere). */
function held(file: string): boolean {
  if (!fs.existsSync('/proc/self/fd')) return false
  return fs.readdirSync('/proc/self/fd').some((fd) => {
    try {
      return fs.readlinkSync(`/proc/self/fd/${fd}`) === file
    } catch {
      return false
    }
  })
}

const sha = (b: Buffer): string => createHash('sha256').update(b).digest('hex')

/** Pushes `data` in chunks of the given sizes (cycled), waiting whenever the writer asks to. */
async function pushAll(w: PartWriter, data: Buffer, sizes: number[]): Promise<number> {
  let pauses = 0
  let drained: (() => void) | undefined
  w.onDrain(() => drained?.())
  for (let at = 0, i = 0; at < data.length; i++) {
    const n = Math.min(sizes[i % sizes.length] as number, data.length - at)
    if (!w.push(data.subarray(at, at + n))) {
      pauses++
      await new Promise<void>((r) => (drained = r))
    }
    at += n
  }
  return pauses
}

describe('openPart', () => {
  it('writes chunks of any size in batches and returns the sha256 of exactly those bytes', async () => {
    const file = path.join(tmpDir(), 'a.part')
    const data = randomBytes(100_000)
    const w = await openPart(file, 0, { batchBytes: 4096 })
    if (fs.existsSync('/proc/self/fd')) expect(held(file)).toBe(true)
    // Chunks smaller than, equal to and larger than a batch, so copies straddle batches.
    const pauses = await pushAll(w, data, [1, 4095, 4096, 10_000, 333])
    expect(w.size).toBe(data.length)
    const got = await w.close()
    expect(got).toEqual({ sha256: sha(data), size: data.length })
    expect(fs.readFileSync(file).equals(data)).toBe(true)
    expect(held(file)).toBe(false)
    // 25 batches with at most 4 in the worker: the writer must have asked for a pause.
    expect(pauses).toBeGreaterThan(0)
  })

  it('an empty pull gives the sha256 of the empty file', async () => {
    const file = path.join(tmpDir(), 'empty.part')
    const w = await openPart(file, 0)
    expect(await w.close()).toEqual({ sha256: sha(Buffer.alloc(0)), size: 0 })
    expect(fs.statSync(file).size).toBe(0)
  })

  it('a resumed pull hashes the part on disk plus the rest', async () => {
    const file = path.join(tmpDir(), 'b.part')
    const data = randomBytes(3 * 1024 * 1024 + 17)
    const cut = 1024 * 1024 + 5
    fs.writeFileSync(file, data.subarray(0, cut))
    const w = await openPart(file, cut, { batchBytes: 64 * 1024 })
    expect(w.size).toBe(cut)
    await pushAll(w, data.subarray(cut), [32_768])
    const got = await w.close()
    expect(got).toEqual({ sha256: sha(data), size: data.length })
    expect(fs.readFileSync(file).equals(data)).toBe(true)
  })

  it('refuses a resume point past the end of the part', async () => {
    const file = path.join(tmpDir(), 'c.part')
    fs.writeFileSync(file, 'abc')
    const err = await openPart(file, 10).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(PierError)
    expect((err as PierError).message).toMatch(/shorter than expected/)
  })

  it('a folder that does not exist is a clear error, not a crash', async () => {
    const file = path.join(tmpDir(), 'gone', 'd.part')
    const err = await openPart(file, 0).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(PierError)
    expect((err as PierError).message).toMatch(/Writing the downloaded backup .*ENOENT/)
  })

  it('a full disk surfaces as ENOSPC with a hint, from close and from onError', async () => {
    if (!fs.existsSync('/dev/full')) return
    const w = await openPart('/dev/full', 0, { batchBytes: 1024 })
    const seen: PierError[] = []
    w.onError((e) => seen.push(e))
    w.push(randomBytes(4096))
    const err = await w.close().catch((e: unknown) => e)
    expect(err).toBeInstanceOf(PierError)
    expect((err as PierError).details?.code).toBe('ENOSPC')
    expect((err as PierError).hint).toMatch(/disk space.*resumes/)
    expect(seen).toEqual([err])
  })

  it('a worker that dies mid-pull is a clear error; the part keeps what was written, and resumes', async () => {
    const file = path.join(tmpDir(), 'e.part')
    const data = randomBytes(40_000)
    // The real worker, made to stop after its first batch.
    const dying = WORKER_SOURCE.replace(
      "if (m.kind === 'write') {",
      "if (m.kind === 'write' && globalThis.wrote) process.exit(3)\n    if (m.kind === 'write') {\n      globalThis.wrote = true"
    )
    expect(dying).not.toBe(WORKER_SOURCE)
    const w = await openPart(file, 0, { batchBytes: 10_000, workerSource: dying })
    const errors: PierError[] = []
    w.onError((e) => errors.push(e))
    w.push(data.subarray(0, 25_000))
    const err = await w.close().catch((e: unknown) => e)
    expect(err).toBeInstanceOf(PierError)
    expect((err as PierError).message).toMatch(/worker thread stopped \(exit 3\)/)
    expect(errors).toHaveLength(1)
    // The descriptor is closed once the dead worker is gone.
    expect(held(file)).toBe(false)
    const kept = fs.statSync(file).size
    expect(kept).toBe(10_000)
    expect(fs.readFileSync(file).equals(data.subarray(0, kept))).toBe(true)

    const again = await openPart(file, kept, { batchBytes: 10_000 })
    await pushAll(again, data.subarray(kept), [7_000])
    expect(await again.close()).toEqual({ sha256: sha(data), size: data.length })
  })
})
