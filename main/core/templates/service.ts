// Runs in: main, CLI, headless server.
// Templates: render a template folder (or one of Pier's own, by id) and deploy it as a stack.
// A deploy keeps the variables it generated in the keychain under the stack, so deploying the
// same stack again renders with the same passwords; --set values win over kept ones.
import fs from 'node:fs'
import net from 'node:net'
import path from 'node:path'
import { PierError } from '../errors'
import type { ProxyService } from '../proxy/service'
import type { ServersService } from '../servers/service'
import type { StackDeployResult } from '../stacks/model'
import { checkStackName, type StacksService } from '../stacks/service'
import { builtinTemplate, builtinTemplates } from './builtin'
import { listTemplates, loadTemplateDir, type TemplateSummary } from './load'
import {
  renderWithVariables,
  templateVariables,
  type RenderedTemplate,
  type TemplateFiles
} from './render'

export interface TemplatesDeps {
  servers: ServersService
  stacks: StacksService
  /** The template's [config] domains become the stack services' domains through it. */
  proxy?: Pick<ProxyService, 'checkStackDomains' | 'syncStackDomains'>
}

export interface TemplateListing extends TemplateSummary {
  builtin: boolean
}

/** A stack name from a folder name: "My App_2" → "my-app-2". */
export function nameFromDir(dir: string): string {
  const base = path
    .basename(path.resolve(dir))
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, '-')
    .replace(/^[^a-z]+/, '')
    .slice(0, 40)
    .replace(/-+$/, '')
  return base || 'stack'
}

export class TemplatesService {
  constructor(private readonly deps: TemplatesDeps) {}

  /** Pier's own templates, then those in `dir` (a folder of template folders). */
  list(dir?: string): TemplateListing[] {
    const own = builtinTemplates().map((t) => ({ ...t, dir: t.id, builtin: true }))
    const user = dir ? listTemplates(dir).map((t) => ({ ...t, builtin: false })) : []
    return [...own, ...user]
  }

  /** A folder on this machine; a word that is no folder but names a built-in template is that. */
  files(dir: string): { files: TemplateFiles; source: string } {
    if (!fs.existsSync(dir)) {
      const own = builtinTemplate(dir)
      if (own) return { files: own, source: `builtin:${dir}` }
    }
    const files = loadTemplateDir(dir)
    return { files, source: path.resolve(dir) }
  }

  private serverIp(server: string | undefined): string | null {
    if (!server) return null
    const host = this.deps.servers.get(server).host
    return net.isIP(host) ? host : null
  }

  render(
    dir: string,
    opts: { name?: string; server?: string; set?: Readonly<Record<string, string>> } = {}
  ): RenderedTemplate {
    const { files } = this.files(dir)
    const name = checkStackName(opts.name ?? nameFromDir(dir))
    return renderWithVariables(files, { name, serverIp: this.serverIp(opts.server), set: opts.set })
      .rendered
  }

  async deploy(
    dir: string,
    opts: {
      server: string
      name?: string
      set?: Readonly<Record<string, string>>
      wait?: boolean
      waitSec?: number
      signal?: AbortSignal
    }
  ): Promise<StackDeployResult> {
    const { files, source } = this.files(dir)
    const name = checkStackName(opts.name ?? nameFromDir(dir))
    const existing = this.deps.stacks.find(name)
    if (existing && existing.template === null)
      throw new PierError(
        'already_exists',
        `The stack ${name} was deployed from a compose file, not a template.`,
        'Choose another name with --name.'
      )
    const kept = this.deps.stacks.savedVariables(name)
    const set = { ...kept, ...opts.set }
    // Kept values may name variables a newer version of the template dropped.
    const declared = templateVariables(files.toml)
    for (const k of Object.keys(set))
      if (!(k in declared) && !(k in (opts.set ?? {}))) delete set[k]
    const { rendered, variables } = renderWithVariables(files, {
      name,
      serverIp: this.serverIp(opts.server),
      set
    })
    // Checked before anything starts: a bad host or a name routed elsewhere fails the deploy.
    this.deps.proxy?.checkStackDomains(name, rendered.domains)
    const result = await this.deps.stacks.deployTemplate({
      name,
      server: opts.server,
      compose: rendered.compose,
      env: rendered.env,
      mounts: rendered.mounts,
      template: source,
      variables,
      proxyServices: rendered.domains.map((d) => d.service),
      wait: opts.wait,
      waitSec: opts.waitSec,
      signal: opts.signal
    })
    const domains = (await this.deps.proxy?.syncStackDomains(name, rendered.domains)) ?? []
    return {
      ...result,
      domains: domains.map((d) => `https://${d.domain}${d.path === '/' ? '/' : d.path}`)
    }
  }
}
