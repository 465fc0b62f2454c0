// Volume backups on a real host: a file written into a named volume is backed up (a tar through
// a busybox helper container, with the database backups' manifest, sha256 and layout), pulled
// to this machine, changed on the server, and restored from the pulled file (a safety backup
// first) so the original reads back; a service using the volume is scaled to 0 around a backup
// and back; a damaged pulled file and hostile names are refused before anything runs.
import fs from 'node:fs'
import path from 'node:path'
import type { Client } from 'ssh2'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createCore, type Core } from '../../main/core/core'
import type { PierError } from '../../main/core/errors'
import { volumeCronName } from '../../main/core/backups/volumes'
import { HOSTILE } from '../support/hostile'
import { memoryKeychain } from '../support/memory-keychain'
import { ensureSwarm, leaveSwarm } from './apps-support'
import { connectSsh, execOn, hostsOrSkip, type TestHost, recordHarnessServer } from './support'

const hosts = hostsOrSkip()
const VOL = 'pier-vb_data.1'
const IMAGE = 'busybox:local'

describe.skipIf(hosts.length === 0)('volume backups (real host)', () => {
  let core: Core
  let home = ''
  let h1: TestHost
  let conn: Client

  const inVolume = async (script: string): Promise<string> =>
    (
      await execOn(
        conn,
        `docker run --rm -v ${VOL}:/v ${IMAGE} sh -c '${script.replace(/'/g, `'\\''`)}'`
      )
    ).stdout

  beforeAll(async () => {
    h1 = hosts[0] as TestHost
    await ensureSwarm(h1)
    home = fs.mkdtempSync('/tmp/pier-volbackup-')
    core = createCore({ home, keychain: memoryKeychain(), sshKeepaliveMs: 1000 })
    recordHarnessServer(core, h1, 'h1')
    conn = await connectSsh(h1)
    await execOn(conn, `docker volume rm -f ${VOL} >/dev/null 2>&1; docker volume create ${VOL}`)
  }, 300_000)

  afterAll(async () => {
    if (conn) {
      await execOn(
        conn,
        `docker service rm vbuser >/dev/null 2>&1; sleep 2; docker volume rm -f ${VOL} >/dev/null 2>&1; rm -rf ~/.pier/volume-backups; true`
      )
      conn.end()
    }
    core?.close()
    await leaveSwarm(h1)
    fs.rmSync(home, { recursive: true, force: true })
  }, 300_000)

  it('backs a volume up, pulls it, and restores the original over a change', async () => {
    await inVolume(
      'echo original > /v/a.txt && mkdir -p /v/d && printf "%s" "x y" > /v/d/b && chmod 640 /v/a.txt'
    )
    const run = await core.volumeBackups.run('h1', VOL, { image: IMAGE, wait: true })
    expect(run).toMatchObject({ state: 'succeeded', volume: VOL })
    expect(run.record).toMatchObject({ status: 'ok', engine: 'volume', trigger: 'job' })
    expect(run.record?.file).toMatch(/\.tar\.(zst|gz)$/)
    const onServer = await execOn(
      conn,
      `cd ~/.pier/volume-backups/${VOL} && sha256sum ${run.record?.file ?? 'x'} | cut -c1-64 && stat -c %a . && wc -l < manifest.jsonl`
    )
    const [sha, mode, lines] = onServer.stdout.trim().split('\n')
    expect(sha).toBe(run.record?.sha256)
    expect(mode).toBe('700')
    expect(lines).toBe('1')

    const pulled = await core.volumeBackups.pull('h1', VOL, {
      latest: true,
      to: path.join(home, 'lib')
    })
    expect(pulled).toMatchObject({ id: run.record?.id, sha256: run.record?.sha256 })
    expect(fs.statSync(pulled.path).size).toBe(run.record?.size)

    await inVolume('echo changed > /v/a.txt && echo new > /v/new.txt && rm -r /v/d')
    expect(await inVolume('cat /v/a.txt')).toBe('changed\n')

    // Without --yes nothing happens.
    const unconfirmed = await core.volumeBackups
      .restore('h1', VOL, { from: pulled.path, image: IMAGE })
      .catch((e: PierError) => e.code)
    expect(unconfirmed).toBe('confirmation_required')

    const restored = await core.volumeBackups.restore('h1', VOL, {
      from: pulled.path,
      image: IMAGE,
      yes: true
    })
    expect(restored.summary).toBe(`restored into volume ${VOL}`)
    expect(restored.safetyBackup).not.toBeNull()
    expect(await inVolume('cat /v/a.txt; cat /v/d/b; echo; ls /v; stat -c %a /v/a.txt')).toBe(
      'original\nx y\na.txt\nd\n640\n'
    )
    // The safety backup holds the changed state, listed with the first one.
    const list = await core.volumeBackups.list('h1', VOL)
    expect(list.map((r) => r.status)).toEqual(['ok', 'ok'])
    expect(list[0]?.id).toBe(restored.safetyBackup)
    // The upload is gone from the server.
    expect((await execOn(conn, 'ls ~/.pier/restore 2>/dev/null | wc -l')).stdout.trim()).toBe('0')
  }, 300_000)

  it('refuses a damaged pulled file before anything reaches the server', async () => {
    const pulled = await core.volumeBackups.pull('h1', VOL, {
      latest: true,
      to: path.join(home, 'lib2')
    })
    const bytes = fs.readFileSync(pulled.path)
    const mid = Math.floor(bytes.length / 2)
    bytes[mid] = (bytes[mid] ?? 0) ^ 0xff
    fs.writeFileSync(pulled.path, bytes)
    const err = await core.volumeBackups
      .restore('h1', VOL, { from: pulled.path, image: IMAGE, yes: true })
      .catch((e: PierError) => e)
    expect((err as PierError).code).toBe('checksum_mismatch')
    expect(await inVolume('cat /v/a.txt')).toBe('original\n')
  }, 120_000)

  it('scales the service using the volume to 0 around the backup and back', async () => {
    await execOn(
      conn,
      `docker service create -d --name vbuser --replicas 1 --endpoint-mode dnsrr --stop-grace-period 1s --mount type=volume,source=${VOL},target=/data ${IMAGE} sleep 3600`
    )
    await expect
      .poll(
        async () =>
          (await execOn(conn, 'docker service ls --filter name=vbuser --format {{.Replicas}}'))
            .stdout,
        { timeout: 60_000, interval: 1000 }
      )
      .toMatch(/^1\/1/)
    const run = await core.volumeBackups.run('h1', VOL, {
      image: IMAGE,
      stop: 'vbuser',
      keep: 2,
      wait: true
    })
    expect(run.state).toBe('succeeded')
    const log = await execOn(conn, `cat ~/.pier/jobs/${run.jobId}/log`)
    expect(log.stdout).toContain('stopped vbuser (had 1 replicas)')
    expect(log.stdout).toContain('started vbuser again (1 replicas)')
    // Retention: keep 2 of the three good backups.
    expect(log.stdout).toMatch(/retention: deleted /)
    const list = await core.volumeBackups.list('h1', VOL)
    expect(list.filter((r) => r.status === 'ok')).toHaveLength(2)
    expect(list.filter((r) => r.status === 'pruned')).toHaveLength(1)
    await expect
      .poll(
        async () =>
          (await execOn(conn, 'docker service ls --filter name=vbuser --format {{.Replicas}}'))
            .stdout,
        { timeout: 60_000, interval: 1000 }
      )
      .toMatch(/^1\/1/)
  }, 300_000)

  it('schedules the backup with a cron entry of its own', async () => {
    const s = await core.volumeBackups.schedule('h1', VOL, {
      cron: '30 3 * * *',
      keep: 3,
      image: IMAGE
    })
    expect(s).toMatchObject({ cronEntry: volumeCronName(VOL), schedule: '30 3 * * *', keep: 3 })
    const entries = await core.cron.list('h1')
    expect(entries.map((e) => e.name)).toContain(volumeCronName(VOL))
    const script = await execOn(conn, `cat ~/.pier/cron/${volumeCronName(VOL)}/script*`)
    expect(script.stdout).toContain(`set -- ${VOL} ${IMAGE} 3 cron`)
    await core.volumeBackups.unschedule('h1', VOL)
    expect((await core.cron.list('h1')).map((e) => e.name)).not.toContain(volumeCronName(VOL))
  }, 120_000)

  it('refuses hostile volume, service and image names with a clear error', async () => {
    for (const bad of HOSTILE) {
      const err = await core.volumeBackups
        .run('h1', bad, { image: IMAGE })
        .then(() => null)
        .catch((e: PierError) => e)
      expect(err?.code, bad.slice(0, 40)).toBe('invalid_input')
      expect(err?.message).toMatch(/is not a volume name/)
    }
    for (const bad of HOSTILE.filter((h) => h !== '')) {
      const stop = await core.volumeBackups
        .run('h1', VOL, { image: IMAGE, stop: bad })
        .catch((e: PierError) => e.code)
      expect(stop, bad.slice(0, 40)).toBe('invalid_input')
      const image = await core.volumeBackups
        .run('h1', VOL, { image: bad })
        .catch((e: PierError) => e.code)
      expect(image, bad.slice(0, 40)).toBe('invalid_input')
    }
    // Nothing ran: the manifest has only the runs above.
    expect(await core.volumeBackups.list('h1', VOL)).toHaveLength(3)
  }, 120_000)
})
