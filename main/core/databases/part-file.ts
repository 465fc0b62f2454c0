// Runs in: main, CLI, headless server (the hashing and writing in a worker thread of that process).
// The receiving end of a pull: chunks from the SSH channel are copied into a few large buffers,
// and each full buffer is hashed (sha256) and appended to the .part file in a worker thread. The
// event loop then only decrypts and copies; per-chunk work (32 KiB SSH packets: 32,768 writes and
// hash updates per GiB) and the hashing leave it. Measured on a 1 GiB pull: the process used about
// a quarter less CPU than piping into a write stream and hashing each packet on the event loop
// (tests/bench/RESULTS.md). A resumed pull hashes the part already on disk in the worker first.
import fs from 'node:fs'
import { Worker } from 'node:worker_threads'
import { PierError } from '../errors'

/** Size of one batch: 32 KiB packets become one write and one hash update per MiB. */
export const BATCH_BYTES = 1 << 20
/** Batches in the worker at most before the caller is asked to pause the channel. */
const MAX_IN_FLIGHT = 4

export interface PartWriter {
  /** Bytes of the whole file so far: the part on disk when it opened, plus every chunk pushed. */
  readonly size: number
  /** Takes a copy of `chunk`; false asks the caller to pause until `onDrain` fires. */
  push(chunk: Buffer): boolean
  onDrain(cb: () => void): void
  /** Called once if hashing or writing failed; later pushes are ignored. */
  onError(cb: (err: PierError) => void): void
  /** Writes what is batched and returns the sha256 of the whole file (rejects on a failure). */
  close(): Promise<{ sha256: string; size: number }>
}

type FromWorker =
  | { kind: 'ready' }
  | { kind: 'written'; buf: ArrayBuffer }
  | { kind: 'closed'; sha256: string; size: number }
  | { kind: 'failed'; message: string; code?: string }

// Plain CommonJS, run with `eval: true`: the same text works from the TypeScript sources (tests)
// and from the bundled app, where a worker file next to the bundle would need build support.
export const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads')
const { createHash } = require('node:crypto')
const fs = require('node:fs')
const { fd, offset } = workerData
const hash = createHash('sha256')
let size = 0
const fail = (e) => {
  parentPort.postMessage({ kind: 'failed', message: String((e && e.message) || e), code: e && e.code })
}
try {
  const buf = Buffer.allocUnsafe(1 << 20)
  while (size < offset) {
    const n = fs.readSync(fd, buf, 0, Math.min(buf.length, offset - size), size)
    if (n === 0) throw new Error('the part on disk is shorter than expected (' + size + ' of ' + offset + ' bytes)')
    hash.update(buf.subarray(0, n))
    size += n
  }
  parentPort.postMessage({ kind: 'ready' })
} catch (e) {
  fail(e)
}
parentPort.on('message', (m) => {
  try {
    if (m.kind === 'write') {
      const view = Buffer.from(m.buf, 0, m.length)
      hash.update(view)
      let at = 0
      while (at < m.length) at += fs.writeSync(fd, view, at, m.length - at)
      size += m.length
      parentPort.postMessage({ kind: 'written', buf: m.buf }, [m.buf])
    } else if (m.kind === 'close') {
      parentPort.postMessage({ kind: 'closed', sha256: hash.digest('hex'), size })
    }
  } catch (e) {
    fail(e)
  }
})
`

function writeFailed(message: string, code?: string): PierError {
  return new PierError(
    'internal',
    `Writing the downloaded backup on this computer failed: ${message}`,
    code === 'ENOSPC'
      ? 'Free some disk space on this computer, then pull again: it resumes where it stopped.'
      : 'Check the library folder, then pull again: it resumes where it stopped.',
    { details: code ? { code } : undefined }
  )
}

/**
 * Opens `file` for appending, hashing what it already holds (`offset` bytes, the resume point)
 * before it resolves. Test seams: `workerSource` replaces the worker's code.
 */
export async function openPart(
  file: string,
  offset: number,
  opts: { batchBytes?: number; workerSource?: string } = {}
): Promise<PartWriter> {
  const batchBytes = opts.batchBytes ?? BATCH_BYTES
  // Opened here, not in the worker: the descriptor is the process's, and it is closed only once
  // the worker has exited, whatever happened to it, so a late write can never hit a reused fd.
  let fd: number
  try {
    fd = fs.openSync(file, 'a+')
  } catch (e) {
    const err = e as NodeJS.ErrnoException
    throw writeFailed(err.message, err.code)
  }
  const worker = new Worker(opts.workerSource ?? WORKER_SOURCE, {
    eval: true,
    workerData: { fd, offset }
  })
  const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve())).then(() =>
    fs.closeSync(fd)
  )
  let failure: PierError | undefined
  let errorCb: ((err: PierError) => void) | undefined
  let drainCb: (() => void) | undefined
  let closed: ((r: { sha256: string; size: number }) => void) | undefined
  let closeFailed: ((e: PierError) => void) | undefined
  const free: Buffer<ArrayBuffer>[] = []
  let current: Buffer<ArrayBuffer> = Buffer.allocUnsafeSlow(batchBytes)
  let filled = 0
  let inFlight = 0
  let size = offset
  let waitingDrain = false
  let finished = false

  const fail = (err: PierError): void => {
    if (failure) return
    failure = err
    void worker.terminate()
    errorCb?.(err)
    void exited.then(() => closeFailed?.(err))
  }

  await new Promise<void>((resolve, reject) => {
    worker.on('message', (m: FromWorker) => {
      switch (m.kind) {
        case 'ready':
          resolve()
          return
        case 'written':
          inFlight--
          free.push(Buffer.from(m.buf))
          if (waitingDrain && inFlight < MAX_IN_FLIGHT) {
            waitingDrain = false
            drainCb?.()
          }
          return
        case 'closed': {
          finished = true
          const r = { sha256: m.sha256, size: m.size }
          void worker.terminate()
          void exited.then(() => closed?.(r))
          return
        }
        case 'failed': {
          const err = writeFailed(m.message, m.code)
          reject(err)
          fail(err)
        }
      }
    })
    worker.on('error', (e: Error & { code?: string }) => {
      const err = writeFailed(e.message, e.code)
      reject(err)
      fail(err)
    })
    worker.on('exit', (code) => {
      const err = writeFailed(`the worker thread stopped (exit ${code})`)
      reject(err)
      if (!finished) fail(err)
    })
  })

  const send = (): void => {
    if (filled === 0) return
    const buf = current.buffer
    worker.postMessage({ kind: 'write', buf, length: filled }, [buf])
    inFlight++
    filled = 0
    current = free.pop() ?? Buffer.allocUnsafeSlow(batchBytes)
  }

  return {
    get size() {
      return size
    },
    push(chunk) {
      if (failure) return true
      let at = 0
      while (at < chunk.length) {
        const n = Math.min(chunk.length - at, batchBytes - filled)
        chunk.copy(current, filled, at, at + n)
        filled += n
        at += n
        if (filled === batchBytes) send()
      }
      size += chunk.length
      if (inFlight < MAX_IN_FLIGHT) return true
      waitingDrain = true
      return false
    },
    onDrain(cb) {
      drainCb = cb
    },
    onError(cb) {
      errorCb = cb
      if (failure) cb(failure)
    },
    close() {
      return new Promise((resolve, reject) => {
        const failed = failure
        if (failed) return void exited.then(() => reject(failed))
        closed = resolve
        closeFailed = reject
        send()
        worker.postMessage({ kind: 'close' })
      })
    }
  }
}
