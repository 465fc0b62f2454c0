// The stack and template methods through the real dispatcher and router (no server needed for
// these): input checks, render output, and the Stacks page's store against a scripted API.
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { beforeEach, describe, expect, it } from 'vitest'
import { ApiError } from '../../main/api/client'
import { dispatchCall, toWireError } from '../../main/api/dispatch'
import { createHandlers } from '../../main/api/router'
import type { StoreDeps } from '../../renderer/src/stores/deps'
import { createStackActions, initialStacksState, useStacks } from '../../renderer/src/stores/stacks'
import { testCore } from '../support/core'

const ctx = () => ({ transport: 'test' as const, signal: new AbortController().signal })

function setup() {
  const core = testCore()
  core.servers.record({
    name: 'web',
    host: '198.51.100.9',
    username: 'deploy',
    authMethod: 'agent'
  })
  const h = createHandlers(core)
  const call = (method: Parameters<typeof dispatchCall>[1], input: unknown) =>
    dispatchCall(h, method, input, ctx()) as Promise<never>
  const fail = (method: Parameters<typeof dispatchCall>[1], input: unknown) =>
    call(method, input).then(
      () => {
        throw new Error('expected a failure')
      },
      (e: unknown) => toWireError(e)
    )
  return { core, call, fail }
}

describe('stack and template methods', () => {
  it('template.render returns {compose, env, mounts, domains}, the domain on the server IP', async () => {
    const { call } = setup()
    const r = (await call('template.render', {
      dir: 'static-site',
      server: 'web',
      name: 'site',
      set: ['port=9000', 'site_title=a=b']
    })) as Record<string, unknown> & {
      env: Record<string, string>
      domains: { host: string }[]
      mounts: { filePath: string; content: string }[]
    }
    expect(Object.keys(r).sort()).toEqual(['compose', 'domains', 'env', 'mounts'])
    expect(r.env.PORT).toBe('9000')
    expect(r.domains[0]?.host).toMatch(/^site-[0-9a-f]{6}-198-51-100-9\.sslip\.io$/)
    expect(r.mounts.find((m) => m.filePath === 'site/index.html')?.content).toContain(
      '<h1>a=b</h1>'
    )
  })

  it('template.render reads a folder on this machine; template.list adds its templates', async () => {
    const { call } = setup()
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'pier-tpl-'))
    const dir = path.join(root, 'mine')
    fs.mkdirSync(dir)
    fs.writeFileSync(path.join(dir, 'docker-compose.yml'), 'services:\n  a:\n    image: x\n')
    fs.writeFileSync(
      path.join(dir, 'template.toml'),
      '[variables]\nk = "${hash:4}"\n[config]\nenv = ["K=${k}"]\n'
    )
    fs.writeFileSync(path.join(dir, 'README.md'), '# Mine\nMy own.\n')
    fs.mkdirSync(path.join(root, 'not-a-template'))
    const r = (await call('template.render', { dir })) as { env: Record<string, string> }
    expect(r.env.K).toMatch(/^[0-9a-f]{4}$/)
    const list = (await call('template.list', { dir: root })) as {
      id: string
      title: string
      builtin: boolean
    }[]
    expect(list.map((t) => [t.id, t.title, t.builtin])).toEqual([
      ['postgres', 'PostgreSQL', true],
      ['static-site', 'Static site', true],
      ['web-and-probe', 'Web and probe', true],
      ['mine', 'Mine', false]
    ])
    fs.rmSync(root, { recursive: true, force: true })
  })

  it('stack.deploy refuses hostile names, two compose sources, none, and a bad env file', async () => {
    const { fail, call } = setup()
    expect((await fail('stack.deploy', { name: '$(id)', server: 'web', compose: 'x' })).code).toBe(
      'invalid_input'
    )
    const both = await fail('stack.deploy', {
      name: 'ok',
      server: 'web',
      compose: 'services: {}',
      file: '/etc/hostname'
    })
    expect(both.message).toContain('once')
    expect((await fail('stack.deploy', { name: 'ok', server: 'web' })).message).toContain(
      'No compose file'
    )
    const env = await fail('stack.deploy', {
      name: 'ok',
      server: 'web',
      compose: 'services:\n  a: {image: x}\n',
      env: 'GOOD=1\nnot a line'
    })
    expect(env.message).toContain('line 2')
    expect(await call('stack.list', {})).toEqual([])
    expect((await fail('stack.down', { name: 'nope' })).code).toBe('not_found')
  })
})

describe('the Stacks page store', () => {
  const calls: { method: string; input: Record<string, unknown> }[] = []
  let answers: Record<string, unknown> = {}
  const api: StoreDeps['api'] = {
    call: (async (method: string, input: Record<string, unknown>) => {
      calls.push({ method, input })
      const a = answers[method]
      if (a instanceof Error) throw a
      return a
    }) as StoreDeps['api']['call'],
    stream: (() => {
      throw new Error('no streams here')
    }) as StoreDeps['api']['stream']
  }
  const describeError = (err: unknown) =>
    err instanceof ApiError
      ? { message: err.message, hint: err.hint }
      : { message: String(err), hint: '' }
  const actions = createStackActions({ api, describeError })

  beforeEach(() => {
    calls.length = 0
    answers = {}
    useStacks.setState({ ...initialStacksState })
  })

  it('a deploy remembers its job for the live log and reloads the list', async () => {
    answers = {
      'stack.deploy': {
        stack: 'shop',
        server: 'web',
        jobId: 'j1',
        state: 'running',
        reason: null,
        services: ['a']
      },
      'stack.list': [{ name: 'shop' }]
    }
    expect(await actions.deploy({ name: 'shop', server: 'web', compose: 'c', env: '  ' })).toBe(
      true
    )
    expect(calls[0]).toEqual({
      method: 'stack.deploy',
      input: { name: 'shop', server: 'web', compose: 'c' }
    })
    expect(useStacks.getState().deploy).toEqual({ server: 'web', jobId: 'j1', stack: 'shop' })
    expect(useStacks.getState().stacks).toEqual([{ name: 'shop' }])
  })

  it('a failed deploy shows the API error and is not busy afterwards', async () => {
    answers = {
      'stack.deploy': new ApiError({ code: 'invalid_input', message: 'bad name', hint: 'fix it' })
    }
    expect(await actions.deploy({ name: 'X', server: 'web', compose: 'c', env: '' })).toBe(false)
    expect(useStacks.getState().actionError).toEqual({ message: 'bad name', hint: 'fix it' })
    expect(useStacks.getState().busy).toBe(false)
  })

  it('preview and template deploy send only the variables the user filled in', async () => {
    answers = { 'template.render': { compose: 'c', env: {}, mounts: [], domains: [] } }
    const draft = { dir: 'static-site', name: 'site', server: 'web', values: { a: '', b: 'x=$y' } }
    await actions.preview(draft)
    expect(calls[0]?.input).toEqual({
      dir: 'static-site',
      name: 'site',
      server: 'web',
      set: ['b=x=$y']
    })
    expect(useStacks.getState().preview?.compose).toBe('c')
    answers = {
      'template.deploy': {
        stack: 'site',
        server: 'web',
        jobId: 'j2',
        state: 'running',
        reason: null,
        services: []
      },
      'stack.list': []
    }
    expect(await actions.deployTemplate(draft)).toBe(true)
    expect(calls.find((c) => c.method === 'template.deploy')?.input).toEqual({
      dir: 'static-site',
      server: 'web',
      name: 'site',
      set: ['b=x=$y']
    })
    expect(useStacks.getState().preview).toBeNull()
    expect(useStacks.getState().deploy?.jobId).toBe('j2')
  })
})
