// Runs in: main, CLI, headless server (pure but for the RNG and clock, which it is given).
// Renders a Dokploy-format template (docker-compose.yml + template.toml) into what a stack
// deploy needs: the compose file, the env, the files to mount and the domains. template.toml has
// [variables] (NAME = "value with ${helpers}") and [config] with `domains` (serviceName, port,
// host, path), `env` (a list of "K=V" strings or a table) and `mounts` (filePath, content).
import { parse as parseToml } from 'smol-toml'
import { z } from 'zod'
import { envKey } from '../apps/model'
import { PierError } from '../errors'
import { composeServices, rebaseTemplateFiles } from '../stacks/compose'
import type { EnvMap } from '../stacks/env-file'
import { Expander } from './expand'
import { cryptoRng, type Rng } from './helpers'

export interface TemplateFiles {
  compose: string
  toml: string
}

export interface TemplateMount {
  /** Relative to the stack's files/ folder on the server. */
  filePath: string
  content: string
}

export interface TemplateDomain {
  service: string
  port: number
  host: string
  path: string
  /** No host of its own: a fresh ${domain} preview name each render (a redeploy keeps the one
   * already in use). */
  generated: boolean
}

export interface RenderedTemplate {
  compose: string
  env: EnvMap
  mounts: TemplateMount[]
  domains: TemplateDomain[]
}

export interface RenderOptions {
  /** The stack's name (preview domains are named after it). */
  name: string
  serverIp?: string | null
  /** --set K=V: literal values for template variables. */
  set?: Readonly<Record<string, string>>
  rng?: Rng
  nowMs?: number
}

const scalar = z.union([z.string(), z.number(), z.boolean()])
const tomlSchema = z.object({
  variables: z.record(z.string(), scalar).default({}),
  config: z
    .object({
      domains: z
        .array(
          z.object({
            serviceName: z.string().min(1),
            port: z.number().int().min(1).max(65535),
            host: z.string().optional(),
            path: z.string().optional()
          })
        )
        .default([]),
      env: z
        .union([
          z.array(z.union([scalar, z.record(z.string(), scalar)])),
          z.record(z.string(), scalar)
        ])
        .default([]),
      mounts: z
        .array(
          z.object({ filePath: z.string().optional(), content: z.string().optional() }).loose()
        )
        .default([])
    })
    .loose()
    .default({ domains: [], env: [], mounts: [] })
})
export type TemplateToml = z.infer<typeof tomlSchema>

const bad = (message: string, hint = 'Fix template.toml and try again.'): PierError =>
  new PierError('invalid_input', message, hint)

export function parseTemplateToml(text: string): TemplateToml {
  let raw: unknown
  try {
    raw = parseToml(text)
  } catch (err) {
    throw bad(`template.toml is not valid TOML: ${(err as Error).message.split('\n')[0]}`)
  }
  const parsed = tomlSchema.safeParse(raw)
  if (!parsed.success) {
    const issue = parsed.error.issues[0]
    throw bad(
      `template.toml: ${issue?.path.join('.') || 'top level'}: ${issue?.message ?? 'invalid'}`
    )
  }
  return parsed.data
}

/** The variables a template declares, as written (for a form, or to check --set names). */
export function templateVariables(toml: string): Record<string, string> {
  return Object.fromEntries(
    Object.entries(parseTemplateToml(toml).variables).map(([k, v]) => [k, String(v)])
  )
}

/** "a/./b", "/x", "./x" → a clean relative path; ".." or empty is refused. */
export function mountPath(raw: string): string {
  const parts = raw.split('/').filter((p) => p !== '' && p !== '.')
  if (
    parts.length === 0 ||
    parts.some((p) => p === '..') ||
    /[\0\n\r\\]/.test(raw) ||
    raw.length > 1024
  )
    throw bad(
      `The mount path ${JSON.stringify(raw.slice(0, 80))} is not allowed.`,
      'A mount filePath is a relative path inside the stack folder, without "..".'
    )
  return parts.join('/')
}

export function renderTemplate(files: TemplateFiles, opts: RenderOptions): RenderedTemplate {
  const toml = parseTemplateToml(files.toml)
  const definitions = Object.fromEntries(
    Object.entries(toml.variables).map(([k, v]) => [k, String(v)])
  )
  const set = opts.set ?? {}
  const unknown = Object.keys(set).find((k) => !(k in definitions))
  if (unknown !== undefined)
    throw bad(
      `The template has no variable ${JSON.stringify(unknown.slice(0, 80))}.`,
      `Its variables: ${Object.keys(definitions).join(', ') || '(none)'}.`
    )
  const services = composeServices(files.compose, opts.name)
  const x = new Expander(definitions, set, {
    rng: opts.rng ?? cryptoRng,
    nowMs: opts.nowMs ?? Date.now(),
    name: opts.name,
    serverIp: opts.serverIp ?? null
  })

  const lines: string[] = []
  const env = toml.config.env
  if (Array.isArray(env)) {
    for (const item of env) {
      if (typeof item === 'object')
        for (const [k, v] of Object.entries(item)) lines.push(`${k}=${x.expand(String(v))}`)
      else lines.push(x.expand(String(item)))
    }
  } else for (const [k, v] of Object.entries(env)) lines.push(`${k}=${x.expand(String(v))}`)
  const envMap: EnvMap = {}
  for (const line of lines) {
    // A line is KEY=VALUE, a comment or blank; the value is everything after the first "=".
    if (line.trim() === '' || line.trimStart().startsWith('#')) continue
    const eq = line.indexOf('=')
    const key = envKey.safeParse(eq === -1 ? line : line.slice(0, eq))
    if (eq === -1 || !key.success)
      throw bad(`The env entry ${JSON.stringify(line.slice(0, 60))} is not KEY=VALUE.`)
    envMap[key.data] = line.slice(eq + 1)
  }

  const domains = toml.config.domains.map((d) => {
    if (!services.includes(d.serviceName))
      throw bad(
        `A domain names the service ${JSON.stringify(d.serviceName.slice(0, 60))}, which the compose file does not have.`,
        `Its services: ${services.join(', ')}.`
      )
    return {
      service: d.serviceName,
      port: d.port,
      host: d.host ? x.expand(d.host) : x.expand('${domain}'),
      path: d.path ? x.expand(d.path) : '/',
      generated: !d.host || d.host.trim() === '${domain}'
    }
  })

  const mounts = toml.config.mounts
    .filter((m) => m.filePath !== undefined && m.filePath !== '')
    .map((m) => ({
      filePath: mountPath(x.expand(m.filePath as string)),
      content: x.expand(m.content ?? '')
    }))
  const paths = mounts.map((m) => m.filePath)
  const dup = paths.find((p, i) => paths.indexOf(p) !== i)
  if (dup) throw bad(`Two mounts write the same file, ${dup}.`)

  return { compose: rebaseTemplateFiles(files.compose), env: envMap, mounts, domains }
}

/** The template's variables as this render resolved them, for keeping across deploys. */
export function renderWithVariables(
  files: TemplateFiles,
  opts: RenderOptions
): { rendered: RenderedTemplate; variables: Record<string, string> } {
  // Resolving the variables first fixes their values; the render then uses them as given.
  const toml = parseTemplateToml(files.toml)
  const definitions = Object.fromEntries(
    Object.entries(toml.variables).map(([k, v]) => [k, String(v)])
  )
  const x = new Expander(definitions, opts.set ?? {}, {
    rng: opts.rng ?? cryptoRng,
    nowMs: opts.nowMs ?? Date.now(),
    name: opts.name,
    serverIp: opts.serverIp ?? null
  })
  const variables = x.all()
  return { rendered: renderTemplate(files, { ...opts, set: variables }), variables }
}
