// Runs in: main, CLI, headless server.
// Moves backup files between the laptop and a server over one exec channel of the pooled SSH
// connection (`tail -c +N` down, `cat >` up): measured much faster than ssh2's SFTP, and a
// download resumes from the size of its .part file. Backpressure is the channel's own window,
// widened for the download (channel-window.ts); hashing and writing happen in a worker thread
// (part-file.ts).
import { createHash, type Hash } from 'node:crypto'
import fs from 'node:fs'
import { PierError } from '../errors'
import { widenWindow } from '../ssh/channel-window'
import type { ServerLink } from '../ssh/link'
import { openPart } from './part-file'
import { shJoin } from '../ssh/quote'

type Progress = (bytes: number) => void

async function hashFile(hash: Hash, file: string, end: number): Promise<void> {
  if (end === 0) return
  for await (const chunk of fs.createReadStream(file, { start: 0, end: end - 1 }))
    hash.update(chunk as Buffer)
}

/**
 * Appends the remote file (from `part`'s current size) to `part` and returns the sha256 of the
 * whole local file. An abort leaves `part` as far as it got, for the next call to resume.
 */
export async function download(
  link: ServerLink,
  remote: { script: string; argv: readonly string[] },
  part: string,
  opts: { onProgress?: Progress; signal?: AbortSignal; stopAfter?: number } = {}
): Promise<{ sha256: string; size: number; resumedFrom: number }> {
  const offset = fs.existsSync(part) ? fs.statSync(part).size : 0
  const sink = await openPart(part, offset)
  const command = shJoin(['sh', '-c', remote.script, 'pier', String(offset), ...remote.argv])
  let failure: Error | undefined
  try {
    await link.withChannel(
      (client) =>
        new Promise<void>((resolve, reject) => {
          client.exec(command, (err, ch) => {
            if (err) return reject(err)
            let stderr = ''
            let aborted = false
            let paused = false
            const topUp = widenWindow(client, ch)
            const abort = (): void => {
              if (aborted) return
              aborted = true
              // Drain what is still in flight, or the channel never reports its close.
              ch.resume()
              ch.close()
            }
            opts.signal?.addEventListener('abort', abort, { once: true })
            sink.onDrain(() => {
              if (aborted) return
              paused = false
              ch.resume()
              topUp()
            })
            sink.onError((e) => {
              failure ??= e
              abort()
            })
            ch.stderr.on('data', (d: Buffer) => (stderr += d.toString('utf8')))
            ch.on('data', (d: Buffer) => {
              if (aborted) return
              if (!sink.push(d)) {
                paused = true
                ch.pause()
              } else if (!paused) topUp()
              opts.onProgress?.(sink.size)
              if (opts.stopAfter !== undefined && sink.size - offset >= opts.stopAfter) abort()
            })
            ch.on('close', (code: number | null) => {
              opts.signal?.removeEventListener('abort', abort)
              if (failure) reject(failure)
              else if (aborted)
                reject(
                  new PierError('internal', 'The download was stopped.', 'Pull again to resume it.')
                )
              else if (code !== 0)
                reject(
                  new PierError(
                    'remote_failed',
                    `Reading the backup failed: ${stderr.trim().slice(0, 300) || `exit ${code}`}`,
                    'Check that the file is still on the server: pier backup list DB'
                  )
                )
              else resolve()
            })
          })
        })
    )
  } catch (err) {
    failure ??= err as Error
  }
  // What arrived is written even when the transfer stopped: the next pull resumes after it.
  const got = await sink.close().catch((e: Error) => {
    failure ??= e
    return undefined
  })
  if (failure || !got) throw failure
  // What was written is what was hashed: the file's size must agree.
  const onDisk = fs.statSync(part).size
  if (onDisk !== got.size)
    throw new PierError(
      'internal',
      `The local file has ${onDisk} bytes, expected ${got.size}.`,
      'Pull again.'
    )
  return { sha256: got.sha256, size: got.size, resumedFrom: offset }
}

/** Streams a local file into `cat` on the server (the script reads stdin); returns its size. */
export async function upload(
  link: ServerLink,
  remote: { script: string; argv: readonly string[] },
  file: string,
  opts: { onProgress?: Progress } = {}
): Promise<number> {
  const command = shJoin(['sh', '-c', remote.script, 'pier', ...remote.argv])
  let sent = 0
  await link.withChannel(
    (client) =>
      new Promise<void>((resolve, reject) => {
        client.exec(command, (err, ch) => {
          if (err) return reject(err)
          let stderr = ''
          ch.stderr.on('data', (d: Buffer) => (stderr += d.toString('utf8')))
          ch.on('data', () => undefined)
          const input = fs.createReadStream(file)
          input.on('data', (d) => {
            sent += d.length
            opts.onProgress?.(sent)
          })
          input.on('error', (e) => {
            ch.close()
            reject(e)
          })
          input.pipe(ch)
          ch.on('close', (code: number | null) => {
            if (code === 0) resolve()
            else
              reject(
                new PierError(
                  'remote_failed',
                  `Uploading the file failed: ${stderr.trim().slice(0, 300) || `exit ${code}`}`,
                  'Check the free space in ~/.pier on the server.'
                )
              )
          })
        })
      })
  )
  return sent
}

export async function sha256File(file: string): Promise<string> {
  const hash = createHash('sha256')
  await hashFile(hash, file, fs.statSync(file).size)
  return hash.digest('hex')
}
