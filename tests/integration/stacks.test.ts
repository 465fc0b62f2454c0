// Compose stacks and templates on a real single-node swarm: two services on one network talk
// by name, env values arrive literally (through interpolation and env_file), the stack is
// listed, stopped, started, taken down (volumes kept) and removed; the server's folder redeploys
// by hand; hostile names never start a job; a Dokploy-format template deploys with its mounted
// file and generated password, kept in the keychain (not SQLite) and reused by the next deploy.
import fs from 'node:fs'
import path from 'node:path'
import type { Client } from 'ssh2'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createCore, type Core } from '../../main/core/core'
import type { PierError } from '../../main/core/errors'
import { formatEnvFile } from '../../main/core/stacks/env-file'
import { memoryKeychain } from '../support/memory-keychain'
import { HOSTILE } from '../support/hostile'
import { ensureSwarm, fetchOnHost, leaveSwarm } from './apps-support'
import { connectSsh, execOn, hostsOrSkip, type TestHost, recordHarnessServer } from './support'

const hosts = hostsOrSkip()
const PORT = 18_091
const TPL_PORT = 18_092
// Compose interpolates "$" in the file, never in what it substitutes: these stay literal.
const MSG = `it's "q" $HOME #x $(id) \${X} \`id\` $$ end `
const RAW = 'a=b;c # d'

// web serves MSG (interpolated into its environment) and RAW (from env_file); client fetches
// web by its service name over the stack's network and serves what it got on a host port.
const COMPOSE = `services:
  web:
    image: busybox:local
    environment:
      MSG: \${MSG}
    env_file: .env
    command: ['sh', '-c', 'mkdir -p /www && printf "%s|%s\\n" "$$MSG" "$$RAW" > /www/index.html && exec httpd -f -p 8080 -h /www']
    networks: [inner]
    volumes:
      - data:/data
    stop_grace_period: 1s
    deploy:
      endpoint_mode: dnsrr
  client:
    image: busybox:local
    command: ['sh', '-c', 'mkdir -p /www; while :; do wget -q -O /www/got.tmp http://web:8080/index.html && mv /www/got.tmp /www/index.html; sleep 1; done & exec httpd -f -p 8081 -h /www']
    networks: [inner]
    stop_grace_period: 1s
    ports:
      - target: 8081
        published: ${PORT}
        mode: host
    deploy:
      endpoint_mode: dnsrr
networks:
  inner:
    driver: overlay
volumes:
  data: {}
`

const TEMPLATE_COMPOSE = `services:
  site:
    image: \${IMAGE}
    command: ['httpd', '-f', '-p', '8080', '-h', '/www']
    stop_grace_period: 1s
    volumes:
      - ../files/www/index.html:/www/index.html:ro
    ports:
      - target: 8080
        published: ${TPL_PORT}
        mode: host
    deploy:
      endpoint_mode: dnsrr
`
const TEMPLATE_TOML = `[variables]
admin_password = "\${password:20}"
title = "Hello"

[config]
[config.env]
IMAGE = "busybox:local"
PASSWORD = "\${admin_password}"

[[config.mounts]]
filePath = "www/index.html"
content = "\${title}:\${admin_password}"
`

describe.skipIf(hosts.length === 0)('compose stacks and templates (real host, swarm)', () => {
  let core: Core
  let home = ''
  let h1: TestHost
  let conn: Client
  const keychain = memoryKeychain()

  beforeAll(async () => {
    h1 = hosts[0] as TestHost
    await ensureSwarm(h1)
    home = fs.mkdtempSync('/tmp/pier-stacks-')
    core = createCore({ home, keychain, sshKeepaliveMs: 1000 })
    recordHarnessServer(core, h1, 'h1')
    conn = await connectSsh(h1)
  })
  afterAll(async () => {
    for (const s of core?.stacks.find('shop') ? ['shop'] : [])
      await core.stacks.remove(s, { volumes: true }).catch(() => undefined)
    if (core?.stacks.find('tpl')) await core.stacks.remove('tpl').catch(() => undefined)
    conn?.end()
    core?.close()
    await leaveSwarm(h1)
    fs.rmSync(home, { recursive: true, force: true })
  }, 300_000)

  it('deploys two services on a network; they talk by name and env values arrive literally', async () => {
    const r = await core.stacks.deploy({
      name: 'shop',
      server: 'h1',
      compose: COMPOSE,
      env: { MSG, RAW },
      wait: true,
      waitSec: 120
    })
    expect(r).toMatchObject({ stack: 'shop', state: 'succeeded', services: ['web', 'client'] })
    await expect.poll(() => fetchOnHost(conn, PORT), { timeout: 30_000 }).toBe(`${MSG}|${RAW}\n`)

    let log = ''
    for await (const c of core.jobs.logs('h1', r.jobId)) log += c.data
    expect(log).toContain('::pier step wait')
    expect(log).toContain('deployed stack shop')

    // The folder on the server: the compose file as given, a private .env, and up.sh.
    const files = await execOn(
      conn,
      'cd ~/.pier/stacks/shop && stat -c "%a %n" . .env && cat compose.yml && cat .env'
    )
    expect(files.stdout).toBe(`700 .\n600 .env\n${COMPOSE}${formatEnvFile({ MSG, RAW })}`)

    // The Containers view groups them under the stack.
    const rows = await core.docker.ps('h1')
    const mine = rows.filter((c) => c.group.swarmStack === 'shop')
    expect(mine.map((c) => c.group.swarmService).sort()).toEqual(['shop_client', 'shop_web'])
  }, 300_000)

  it('lists the stack with its services running', async () => {
    const [s] = await core.stacks.list()
    expect(s).toMatchObject({ name: 'shop', server: 'h1', status: 'running', template: null })
    expect(s?.services).toEqual([
      { name: 'client', mode: 'replicated', running: 1, desired: 1 },
      { name: 'web', mode: 'replicated', running: 1, desired: 1 }
    ])
  }, 120_000)

  it('stops, starts and restarts; up.sh on the server redeploys it by hand', async () => {
    expect((await core.stacks.stop('shop')).status).toBe('stopped')
    await expect
      .poll(async () => (await core.stacks.list())[0]?.status, { timeout: 60_000 })
      .toBe('stopped')
    await core.stacks.start('shop')
    await expect
      .poll(async () => (await core.stacks.list())[0]?.status, { timeout: 60_000 })
      .toBe('running')
    await expect.poll(() => fetchOnHost(conn, PORT), { timeout: 30_000 }).toBe(`${MSG}|${RAW}\n`)

    const before = await execOn(conn, 'docker ps -q --filter label=com.docker.stack.namespace=shop')
    await core.stacks.restart('shop')
    await expect
      .poll(
        async () =>
          (await execOn(conn, 'docker ps -q --filter label=com.docker.stack.namespace=shop'))
            .stdout,
        { timeout: 60_000 }
      )
      .not.toContain(before.stdout.trim().split('\n')[0])

    const byHand = await execOn(conn, 'sh ~/.pier/stacks/shop/up.sh')
    expect(byHand.code).toBe(0)
    await expect.poll(() => fetchOnHost(conn, PORT), { timeout: 30_000 }).toBe(`${MSG}|${RAW}\n`)
  }, 300_000)

  it('down removes the services and keeps the volume; remove --volumes takes it and the folder', async () => {
    const down = await core.stacks.down('shop')
    expect(down.status).toBe('down')
    expect(down.services).toEqual([])
    const after = await execOn(
      conn,
      'docker service ls -q --filter label=com.docker.stack.namespace=shop | wc -l; docker volume ls -q --filter name=shop_data'
    )
    expect(after.stdout).toBe('0\nshop_data\n')
    expect((await core.stacks.list())[0]?.status).toBe('down')

    await core.stacks.remove('shop', { volumes: true })
    const gone = await execOn(
      conn,
      'docker volume ls -q --filter name=shop_data; test -e ~/.pier/stacks/shop && echo kept || echo gone'
    )
    expect(gone.stdout).toBe('gone\n')
    expect(core.stacks.find('shop')).toBeNull()
  }, 300_000)

  it('a service that cannot start fails the deploy job with the reason; remove cleans it up', async () => {
    const r = await core.stacks.deploy({
      name: 'broken',
      server: 'h1',
      compose: 'services:\n  gone:\n    image: pier-test/no-such-image:1\n',
      wait: true,
      waitSec: 10
    })
    expect(r.state).toBe('failed')
    expect(r.reason).toMatch(/not every service was running within 10s: broken_gone/)
    expect((await core.stacks.list()).find((s) => s.name === 'broken')?.status).toBe('starting')
    await core.stacks.remove('broken')
    expect(core.stacks.find('broken')).toBeNull()
  }, 180_000)

  it('down finishes removing a network that docker stack rm had to leave behind', async () => {
    // Under load, swarm can refuse `docker stack rm`'s network removal ("in use by task") and
    // nothing retries it. A plain container on the stack's attachable network makes that happen
    // on purpose; it lets go of the network a few seconds later, as a slow task would.
    const compose = [
      'services:',
      '  idle:',
      '    image: busybox:local',
      "    command: ['sleep', '3600']",
      '    stop_grace_period: 1s',
      'networks:',
      '  default:',
      '    driver: overlay',
      '    attachable: true',
      ''
    ].join('\n')
    const r = await core.stacks.deploy({ name: 'held', server: 'h1', compose, wait: true })
    expect(r.state).toBe('succeeded')
    try {
      const hold = await execOn(
        conn,
        'docker run -d --name pier-test-holder --network held_default busybox:local sleep 600'
      )
      expect(hold.code, hold.stderr).toBe(0)
      await execOn(
        conn,
        '(sleep 8; docker network disconnect -f held_default pier-test-holder) >/dev/null 2>&1 </dev/null &'
      )
      const down = await core.stacks.down('held')
      expect(down.status).toBe('down')
      const nets = await execOn(
        conn,
        'docker network ls -q --filter label=com.docker.stack.namespace=held | wc -l'
      )
      expect(nets.stdout).toBe('0\n')
    } finally {
      await execOn(conn, 'docker rm -f pier-test-holder >/dev/null 2>&1; true')
      await core.stacks.remove('held').catch(() => undefined)
    }
  }, 300_000)

  it('hostile stack names, service names and env values are refused before any job starts', async () => {
    const jobsBefore = core.jobs.history('h1').length
    const refuse = async (fn: () => Promise<unknown>) => {
      const e = (await fn().then(
        () => null,
        (err: unknown) => err
      )) as PierError | null
      expect(e?.code).toBe('invalid_input')
    }
    const ok = 'services:\n  web:\n    image: busybox:local\n'
    for (const bad of HOSTILE)
      await refuse(() => core.stacks.deploy({ name: bad, server: 'h1', compose: ok }))
    for (const bad of ['$(id)', 'a;b', '../x', '-rf', 'a b', 'ünï'])
      await refuse(() =>
        core.stacks.deploy({
          name: 'evil',
          server: 'h1',
          compose: `services:\n  ${JSON.stringify(bad)}:\n    image: busybox:local\n`
        })
      )
    await refuse(() =>
      core.stacks.deploy({ name: 'evil', server: 'h1', compose: ok, env: { A: 'two\nlines' } })
    )
    expect(core.jobs.history('h1').length).toBe(jobsBefore)
    expect(core.stacks.find('evil')).toBeNull()
  }, 120_000)

  it('deploys a Dokploy-format template: mounted file, generated password kept in the keychain and reused', async () => {
    const dir = path.join(home, 'tpl')
    fs.mkdirSync(dir)
    fs.writeFileSync(path.join(dir, 'docker-compose.yml'), TEMPLATE_COMPOSE)
    fs.writeFileSync(path.join(dir, 'template.toml'), TEMPLATE_TOML)

    const r = await core.templates.deploy(dir, { server: 'h1', wait: true, waitSec: 120 })
    expect(r).toMatchObject({ stack: 'tpl', state: 'succeeded', services: ['site'] })
    const page = await fetchOnHost(conn, TPL_PORT, '/index.html')
    const m = /^Hello:([a-z0-9]{20})$/.exec(page)
    expect(m, page).not.toBeNull()
    const password = m?.[1] as string

    // In the keychain under the stack, nowhere in Pier's own files.
    const id = (
      core.db.prepare('SELECT id FROM stacks WHERE name = ?').get('tpl') as { id: string }
    ).id
    expect(JSON.parse(keychain.entries.get(`stack-vars:${id}`) ?? '{}')).toMatchObject({
      admin_password: password
    })
    core.db.pragma('wal_checkpoint(TRUNCATE)')
    for (const f of fs.readdirSync(home, { recursive: true, withFileTypes: true }))
      if (f.isFile() && !f.parentPath.startsWith(dir))
        expect(fs.readFileSync(path.join(f.parentPath, f.name)).includes(password), f.name).toBe(
          false
        )
    // The mounted file sits under the stack's files/ and the env holds the same password.
    const onServer = await execOn(
      conn,
      'cat ~/.pier/stacks/tpl/files/www/index.html; echo; grep PASSWORD ~/.pier/stacks/tpl/.env'
    )
    expect(onServer.stdout).toBe(`Hello:${password}\nPASSWORD=${password}\n`)

    // A second deploy renders with the kept value; --set changes only what it names.
    const again = await core.templates.deploy(dir, {
      server: 'h1',
      set: { title: '$(id) ${password}' },
      wait: true,
      waitSec: 120
    })
    expect(again.state).toBe('succeeded')
    await expect
      .poll(() => fetchOnHost(conn, TPL_PORT, '/index.html'), { timeout: 30_000 })
      .toBe(`$(id) \${password}:${password}`)
    expect((await core.stacks.list()).find((s) => s.name === 'tpl')?.template).toBe(dir)

    await core.stacks.remove('tpl')
    expect(keychain.entries.has(`stack-vars:${id}`)).toBe(false)
  }, 300_000)
})
