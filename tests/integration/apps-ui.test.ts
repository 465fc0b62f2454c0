// The Apps UI end to end: the real renderer served by the real `pier serve` (the built CLI) on a
// throwaway home and a real keychain, in Debian's Chromium, against a real test host with a
// single-node swarm. An app is created through the wizard (hostile input refused inline first),
// deployed from its page while the live log reaches success step by step, listed as running 1/1,
// re-configured in the env editor and deployed again, rolled back from the releases list, opened
// in a terminal, and removed after typing its name. Its secret value reaches the container but
// never the page. Screenshots go to tests/e2e/artifacts/apps-*.png.
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import type { Client } from 'ssh2'
import type { Browser, Locator, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { launch, openApp } from '../e2e/browser'
import { pierCli, pierServe, type Served } from '../e2e/serve'
import { ensureSwarm, fetchOnHost, leaveSwarm } from './apps-support'
import { connectSsh, execOn, hostsOrSkip, type TestHost } from './support'
import { addServerByCli, screenshot, uiMissing } from './ui-support'

const hosts = hostsOrSkip()
const APP = 'web'
const PORT = 18_081
const IMAGE = 'pier-ui-web:1'
const SECRET = 'ui-s3cr3t-$(id)-`x`-"q"'
const HEALTH = "printf 'GET / HTTP/1.0\\r\\n\\r\\n' | nc -w 2 127.0.0.1 8080 | grep -q 200"
// The page shows the env the container got, so the test sees what each release runs; the log
// line shows what the containers' log brings.
const DOCKERFILE = [
  'FROM busybox:local',
  'CMD printf \'%s\\n\' "$GREETING" > /tmp/index.html; printf \'token=%s\\n\' "$TOKEN" >> /tmp/index.html; echo "serving $GREETING"; exec httpd -f -p 8080 -h /tmp'
].join('\n')

// Runs in the page (this file is type-checked without the DOM, hence a string).
const SCREEN_TEXT = `() => {
  const rows = document.querySelectorAll('.term-pane .xterm-rows > div')
  return Array.from(rows, (r) => (r.textContent || '').replace(/\\u00a0/g, ' ').trimEnd()).join('\\n')
}`

describe.skipIf(hosts.length === 0 || uiMissing('apps', hosts.length > 0, { keyring: true }))(
  'Apps UI (Chromium, real host, single-node swarm)',
  () => {
    const h1 = hosts[0] as TestHost
    let home: string
    let served: Served
    let browser: Browser
    let page: Page
    let conn: Client
    const problems: string[] = []

    const shot = (name: string): Promise<string> => screenshot(page, `apps-${name}`, true)
    const wizard = (): Locator => page.getByTestId('create-app-wizard')
    // Exact names ("Port mapping 1" is also inside "Remove port mapping 1"), with the optional
    // fields' "optional" after their label.
    const label = (text: string): Locator =>
      wizard().getByLabel(new RegExp(`^${text.replace(/[()]/g, '\\$&')}(\\s*optional)?$`))
    /** The inline error a field's input points at (aria-describedby), or null. */
    const errorOf = async (input: Locator): Promise<string | null> => {
      const ids = (await input.getAttribute('aria-describedby')) ?? ''
      const first = ids.split(' ').find((id) => id.endsWith('-error'))
      return first ? page.locator(`[id="${first}"]`).textContent() : null
    }
    const deployPanel = (): Locator => page.locator('section.deploy-panel')
    const row = (): Locator => page.locator(`tr[data-app-name="${APP}"]`)
    const serving = (): Promise<string> => fetchOnHost(conn, PORT)

    /** Deploy (or rollback) from the app page until its job ends; returns the job's id. */
    async function waitForJob(previous: string | null): Promise<string> {
      await expect
        .poll(async () => (await deployPanel().getAttribute('data-job-id')) ?? previous, {
          timeout: 30_000
        })
        .not.toBe(previous)
      const id = (await deployPanel().getAttribute('data-job-id')) ?? ''
      await expect
        .poll(() => deployPanel().getAttribute('data-state'), { timeout: 240_000 })
        .toMatch(/^(succeeded|failed|cancelled)$/)
      expect(await deployPanel().getAttribute('data-state')).toBe('succeeded')
      return id
    }

    beforeAll(async () => {
      await ensureSwarm(h1)
      conn = await connectSsh(h1)
      const build = await execOn(
        conn,
        `printf '%s\\n' '${DOCKERFILE.replace(/'/g, "'\\''")}' | docker build -q -t ${IMAGE} -`
      )
      expect(build.code, build.stderr).toBe(0)
      home = fs.mkdtempSync(path.join(os.tmpdir(), 'pier-apps-ui-'))
      await addServerByCli(home, h1)
      served = await pierServe(home)
      browser = await launch()
      page = await openApp(browser, served.url, problems, { width: 1280, height: 1000 })
    })

    afterAll(async () => {
      await browser?.close()
      await served?.stop()
      if (home) {
        // Whatever the test left, take it off the host.
        await pierCli(home, 'app', 'remove', APP).catch(() => undefined)
        fs.rmSync(home, { recursive: true, force: true })
      }
      if (conn) await execOn(conn, `docker image rm -f ${IMAGE} >/dev/null 2>&1; true`)
      conn?.end()
      await leaveSwarm(h1)
    }, 300_000)

    it('Ctrl+2 opens Apps, which offers to create the first app', async () => {
      await page.locator('body').click({ position: { x: 5, y: 5 } })
      await page.keyboard.press('Control+2')
      await expect.poll(() => page.locator('#content').getAttribute('data-page')).toBe('apps')
      const empty = page.getByRole('region', { name: 'No apps yet' })
      await expect.poll(() => empty.count(), { timeout: 20_000 }).toBe(1)
      await empty.getByRole('button', { name: 'Create app' }).click()
      await expect.poll(() => wizard().count()).toBe(1)
    })

    it('the wizard refuses hostile names and values inline, sending nothing', async () => {
      const name = label('Name')
      const nameError = (): Promise<string | null> => errorOf(name)
      for (const bad of ['web;rm -rf /', '$(id)', '`id`', '../etc', 'Ünïcödé', 'x'.repeat(40)]) {
        await name.fill(bad)
        expect(await nameError()).toMatch(/app name/)
      }
      await name.fill('web-')
      expect(await nameError()).toContain('cannot end with "-"')

      const image = label('Image')
      await image.fill('busybox;reboot')
      expect(await errorOf(image)).toBeTruthy()

      await wizard().getByRole('button', { name: 'Add port (HOST:CONTAINER)' }).click()
      await label('Port mapping 1').fill('80:$(id)')
      await wizard().getByRole('button', { name: 'Add variable' }).click()
      await label('Name of variable 1').fill('PIER_X')
      await wizard().getByRole('button', { name: 'Create app' }).click()
      const errors = await wizard().locator('.field-error').allTextContents()
      expect(errors.join('\n')).toContain('is not a port mapping')
      expect(errors.join('\n')).toContain('reserved for Pier')
      // Nothing reached Pier: no app was created.
      const listed = await pierCli(home, 'app', 'list', '--json')
      expect(JSON.parse(listed.stdout)).toEqual([])
      await label('Remove port mapping 1').click()
      await label('Remove variable 1').click()
    })

    it('the Git tab checks the URL inline, then creates the app and shows its deploy key', async () => {
      await wizard().getByRole('tab', { name: 'Git' }).click()
      await label('Name').fill('from-git')
      const url = label('Repository URL')
      const urlError = (): Promise<string | null> => errorOf(url)
      await url.fill('--upload-pack=touch /tmp/pwned')
      expect(await urlError()).toContain('cannot start with "-"')
      await url.fill('ext::sh -c touch% /tmp/pwned')
      expect(await urlError()).toContain('ext::')
      await url.fill('https://git.example.com/team/app.git')
      await label('Branch, tag or commit').fill('main')
      await label('Dockerfile').fill('../Dockerfile')
      expect(await errorOf(label('Dockerfile'))).toContain('inside the source')
      await label('Dockerfile').fill('docker/Dockerfile')
      await wizard().getByRole('button', { name: 'Create app' }).click()
      await expect.poll(() => wizard().count(), { timeout: 20_000 }).toBe(0)
      await expect
        .poll(() => page.locator('section.app-detail').getAttribute('data-app-name'))
        .toBe('from-git')
      // The page shows the public key Pier made for the repository, the same the CLI prints.
      const shown = (await page.getByTestId('deploy-key').textContent())?.trim() ?? ''
      expect(shown).toMatch(/^ssh-ed25519 [A-Za-z0-9+/=]+/)
      const cli = await pierCli(home, 'app', 'deploy-key', 'from-git')
      expect(cli.stdout).toContain(shown)
      const listed = JSON.parse((await pierCli(home, 'app', 'list', '--json')).stdout) as {
        name: string
        source: { type: string; url?: string; ref?: string; dockerfile?: string }
      }[]
      expect(listed.map((a) => [a.name, a.source])).toEqual([
        [
          'from-git',
          expect.objectContaining({
            type: 'git',
            url: 'https://git.example.com/team/app.git',
            ref: 'main',
            dockerfile: 'docker/Dockerfile'
          })
        ]
      ])
      // Taken away again through the page, so the next steps start from no apps.
      await page.getByRole('button', { name: 'Remove…' }).click()
      const dialog = page.getByRole('dialog', { name: 'Remove from-git?' })
      await dialog.getByLabel('App name to confirm').fill('from-git')
      await dialog.getByRole('button', { name: 'Remove from-git' }).click()
      await expect.poll(() => dialog.count(), { timeout: 60_000 }).toBe(0)
      const empty = page.getByRole('region', { name: 'No apps yet' })
      await expect.poll(() => empty.count(), { timeout: 20_000 }).toBe(1)
      await empty.getByRole('button', { name: 'Create app' }).click()
      await expect.poll(() => wizard().count()).toBe(1)
    })

    it('creates an image app with a port, env, a secret and a healthcheck', async () => {
      await wizard().getByRole('tab', { name: 'Image' }).click()
      await label('Name').fill(APP)
      await label('Image').fill(IMAGE)
      await wizard().getByRole('button', { name: 'Add port (HOST:CONTAINER)' }).click()
      await label('Port mapping 1').fill(`${PORT}:8080`)
      await wizard().getByRole('button', { name: 'Add variable' }).click()
      await label('Name of variable 1').fill('GREETING')
      await label('Value of variable 1').fill('one $HOME "q"')
      await wizard().getByRole('button', { name: 'Add secret' }).click()
      await label('Name of secret 1').fill('TOKEN')
      const secret = label('Value of secret 1')
      await secret.fill(SECRET)
      expect(await secret.getAttribute('type')).toBe('password')
      await label('Healthcheck command').fill(HEALTH)
      await label('Every (s)').fill('2')
      await wizard().getByRole('button', { name: 'Create app' }).click()
      await expect.poll(() => wizard().count(), { timeout: 20_000 }).toBe(0)
      // The wizard opens the new app's page.
      await expect
        .poll(() => page.locator('section.app-detail').getAttribute('data-app-name'))
        .toBe(APP)
      expect(await page.getByTestId('deploy-none').textContent()).toContain('Not deployed yet')
      const listed = JSON.parse((await pierCli(home, 'app', 'list', '--json')).stdout) as {
        name: string
        spec: { secretKeys: string[]; env: Record<string, string> }
      }[]
      expect(listed.map((a) => a.name)).toEqual([APP])
      expect(listed[0]?.spec.secretKeys).toEqual(['TOKEN'])
      expect(listed[0]?.spec.env).toEqual({ GREETING: 'one $HOME "q"' })
    })

    let firstJob = ''

    it('deploys from the app page: the live log reaches success through every step', async () => {
      await page.getByRole('button', { name: 'Deploy', exact: true }).click()
      // While it runs, the steps and the progress bar follow the job.
      await expect
        .poll(() => deployPanel().getAttribute('data-state'), { timeout: 30_000 })
        .toMatch(/^(queued|running|succeeded)$/)
      firstJob = await waitForJob(null)
      const steps = await deployPanel().locator('[data-step]').all()
      const names = await Promise.all(steps.map((s) => s.getAttribute('data-step')))
      const states = await Promise.all(steps.map((s) => s.getAttribute('data-step-state')))
      expect(names).toEqual(['check', 'pull', 'tag', 'update', 'wait', 'record'])
      expect(states).toEqual(['done', 'done', 'done', 'done', 'done', 'done'])
      expect(await deployPanel().locator('progress').getAttribute('value')).toBe('100')
      expect(await deployPanel().textContent()).toContain(`Deploy ${APP}`)
      const rows = deployPanel().locator('.log-row .log-text')
      await expect
        .poll(() => rows.allTextContents(), { timeout: 20_000 })
        .toContain(`deployed ${APP} release 1`)
      const log = await rows.allTextContents()
      for (const s of ['check', 'pull', 'tag', 'update', 'wait', 'record'])
        expect(log).toContain(`::pier step ${s}`)
      await expect
        .poll(() => deployPanel().locator('[data-log-state]').getAttribute('data-log-state'), {
          timeout: 20_000
        })
        .toBe('ended')
      // The container got the env literally and the secret, which the page never showed.
      expect(await serving()).toBe(`one $HOME "q"\ntoken=${SECRET}\n`)
    })

    it('lists the app as running 1/1 with its release and the deploy result', async () => {
      await expect
        .poll(() => page.getByTestId('app-detail-replicas').textContent(), { timeout: 30_000 })
        .toBe('1/1')
      await expect
        .poll(() => page.locator('tr[data-release="1"]').getAttribute('data-current'))
        .toBe('true')
      // The docs screenshot shows the page, not the finished-job notice over it.
      for (const b of await page.locator('.toast').getByRole('button', { name: 'Dismiss' }).all())
        await b.click()
      await shot('deploy')
      await page.getByRole('button', { name: 'All apps' }).click()
      await expect
        .poll(() => row().getAttribute('data-health'), { timeout: 30_000 })
        .toBe('running')
      expect(await row().getAttribute('data-replicas')).toBe('1/1')
      expect(await row().getByTestId('app-last-deploy').getAttribute('data-state')).toBe(
        'succeeded'
      )
      expect(await row().textContent()).toContain('#1')
      expect(await row().textContent()).toContain('Succeeded')
      await shot('list')
    })

    it('never puts the secret value in the page', async () => {
      await row().click()
      const editor = page.getByTestId('env-editor')
      await expect.poll(() => editor.locator('[data-secret-key="TOKEN"]').count()).toBe(1)
      expect(await editor.locator('[data-secret-key="TOKEN"] .env-masked').textContent()).toBe(
        '••••••••'
      )
      // Not in the markup, in any input's value, or in the stores' text.
      const html = await page.content()
      expect(html).not.toContain('ui-s3cr3t')
      const inputs = await page.locator('input').all()
      const values = await Promise.all(inputs.map((i) => i.inputValue()))
      expect(values.join('\n')).not.toContain('ui-s3cr3t')
      // The app's containers log what they started with; the secret is not among it either.
      const logs = page.getByTestId('app-logs')
      await expect
        .poll(() => logs.locator('.log-row .log-text').allTextContents(), { timeout: 30_000 })
        .toContain('serving one $HOME "q"')
      expect(await page.content()).not.toContain('ui-s3cr3t')
    })

    let secondJob = ''

    it('the env editor changes what the next deploy runs', async () => {
      const editor = page.getByTestId('env-editor')
      await editor.getByLabel('Value of GREETING').fill('two')
      await editor.getByRole('button', { name: 'Save environment' }).click()
      await expect
        .poll(() => editor.getByRole('status').textContent(), { timeout: 20_000 })
        .toContain('Saved')
      // Saved, not deployed: release 1 still serves the old value.
      expect(await serving()).toContain('one $HOME')
      await page.getByRole('button', { name: /^Deploy/ }).click()
      // An update waits for the old task to stop: long enough to watch the steps move live.
      const current = deployPanel().locator('[data-step-state="current"]')
      await expect.poll(() => current.count(), { timeout: 60_000 }).toBe(1)
      expect(await deployPanel().getAttribute('data-job-id')).not.toBe(firstJob)
      expect(await deployPanel().getAttribute('data-state')).toBe('running')
      expect(await page.getByTestId('deploy-progress').textContent()).toMatch(/^\w+ · \d+%$/)
      secondJob = await waitForJob(firstJob)
      expect(await serving()).toBe(`two\ntoken=${SECRET}\n`)
      await expect
        .poll(() => page.locator('tr[data-release="2"]').getAttribute('data-current'), {
          timeout: 30_000
        })
        .toBe('true')
    })

    it('rolls back to release 1 from the releases list, after confirming', async () => {
      const rollback = page.getByRole('button', { name: 'Roll back to release 1' })
      await expect.poll(() => rollback.count()).toBe(1)
      // The serving release offers no rollback to itself.
      expect(await page.getByRole('button', { name: 'Roll back to release 2' }).count()).toBe(0)
      await rollback.click()
      const dialog = page.getByRole('dialog', { name: `Roll ${APP} back to release 1?` })
      await expect.poll(() => dialog.count()).toBe(1)
      await shot('rollback-confirm')
      await dialog.getByRole('button', { name: 'Cancel' }).click()
      await expect.poll(() => dialog.count()).toBe(0)
      expect(await deployPanel().getAttribute('data-job-id')).toBe(secondJob)

      await rollback.click()
      await dialog.getByRole('button', { name: 'Roll back to #1' }).click()
      await expect.poll(() => dialog.count(), { timeout: 30_000 }).toBe(0)
      await waitForJob(secondJob)
      expect(await deployPanel().textContent()).toContain(`Roll back ${APP} to 1`)
      // Release 1's image and config serve again, as a new release.
      expect(await serving()).toBe(`one $HOME "q"\ntoken=${SECRET}\n`)
      await expect
        .poll(() => page.locator('tr[data-current="true"]').getAttribute('data-release'), {
          timeout: 30_000
        })
        .toBe('3')
      expect(await page.locator('tr[data-release="3"]').textContent()).toContain(`pier/${APP}:1`)
    })

    it('Terminal opens a shell in one of the app’s containers', async () => {
      await expect
        .poll(() => page.getByTestId('app-detail-replicas').textContent(), { timeout: 30_000 })
        .toBe('1/1')
      const button = page.getByRole('button', { name: 'Terminal', exact: true })
      await expect.poll(() => button.isEnabled(), { timeout: 30_000 }).toBe(true)
      await button.click()
      await expect.poll(() => page.locator('#content').getAttribute('data-page')).toBe('terminals')
      const tab = page.locator('.term-tab[aria-selected="true"]')
      expect(await tab.textContent()).toContain(`h1: ${APP}_app.1.`)
      const id = (await tab.getAttribute('data-tab-id')) ?? ''
      const pane = page.locator(`.term-pane[data-tab-id="${id}"]`)
      await expect
        .poll(() => pane.getAttribute('data-terminal-state'), { timeout: 30_000 })
        .toBe('open')
      const host = pane.getByTestId('terminal')
      if ((await host.getAttribute('data-renderer')) === 'webgl') {
        await page.getByRole('button', { name: 'Settings…' }).click()
        await page.getByLabel('Draw with the GPU (WebGL) when available').uncheck()
        await page.getByRole('button', { name: 'Done' }).click()
      }
      await expect.poll(() => host.getAttribute('data-renderer')).toBe('dom')
      await host.click()
      await page.keyboard.type('echo "in $((6*7)) $GREETING"')
      await page.keyboard.press('Enter')
      await expect
        .poll(() => page.evaluate<string>(`(${SCREEN_TEXT})()`), { timeout: 20_000 })
        .toMatch(/^in 42 one \$HOME "q"$/m)
    })

    it('Remove asks for the app’s name, then takes it off the server', async () => {
      await page.locator('nav [data-page="apps"]').click()
      await row().click()
      await page.getByRole('button', { name: 'Remove…' }).click()
      const dialog = page.getByRole('dialog', { name: `Remove ${APP}?` })
      const confirm = dialog.getByRole('button', { name: `Remove ${APP}` })
      expect(await confirm.isDisabled()).toBe(true)
      await dialog.getByLabel('App name to confirm').fill('we')
      expect(await confirm.isDisabled()).toBe(true)
      await dialog.getByLabel('App name to confirm').fill(APP)
      expect(await confirm.isDisabled()).toBe(false)
      await confirm.click()
      await expect.poll(() => dialog.count(), { timeout: 60_000 }).toBe(0)
      await expect
        .poll(() => page.getByRole('region', { name: 'No apps yet' }).count(), { timeout: 20_000 })
        .toBe(1)
      const svc = await execOn(conn, `docker service ls -q --filter name=${APP}_app | wc -l`)
      expect(svc.stdout.trim()).toBe('0')
    })

    it('ran without console errors or CSP violations', () => {
      expect(problems).toEqual([])
    })
  }
)
