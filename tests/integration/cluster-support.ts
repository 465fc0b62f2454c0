// What the cluster tests share: images of their own, made on one node, so whether another node
// has them (by ID, under any name) depends only on what Pier sent there.
import { randomUUID } from 'node:crypto'
import type { Client } from 'ssh2'
import { expect } from 'vitest'
import { shQuote } from '../../main/core/ssh/quote'
import { execOn } from './support'

/** The image ID of `ref` on the node, or '' when the node does not have it. */
export async function imageId(conn: Client, ref: string): Promise<string> {
  const r = await execOn(
    conn,
    `docker image inspect --format '{{.Id}}' ${shQuote(ref)} 2>/dev/null || true`
  )
  return r.stdout.trim()
}

/** Commits busybox plus one layer of fresh content as `ref` on the node; returns its ID. */
export async function makeImage(conn: Client, ref: string): Promise<string> {
  const box = `pier-make-image-${randomUUID().slice(0, 8)}`
  const made = await execOn(
    conn,
    `docker run --name ${box} busybox:local sh -c 'date +%s%N > /made' && ` +
      `docker commit ${box} ${shQuote(ref)} >/dev/null && docker rm ${box} >/dev/null`
  )
  expect(made.code, made.stderr).toBe(0)
  return imageId(conn, ref)
}
