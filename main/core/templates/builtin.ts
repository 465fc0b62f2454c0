// Runs in: main, CLI, headless server.
// Pier's own templates (resources/templates/<id>/), bundled as text at build time like the
// remote scripts, so the packaged app, the CLI and the tests use exactly the same files.
import { parseTemplateToml, type TemplateFiles } from './render'

const files = import.meta.glob('../../../resources/templates/*/*', {
  query: '?raw',
  import: 'default',
  eager: true
}) as Record<string, string>

const PREFIX = '../../../resources/templates/'

function byTemplate(): Map<string, Record<string, string>> {
  const out = new Map<string, Record<string, string>>()
  for (const [key, text] of Object.entries(files)) {
    const [id, file] = key.slice(PREFIX.length).split('/') as [string, string]
    out.set(id, { ...out.get(id), [file]: text })
  }
  return out
}

export function builtinTemplate(id: string): TemplateFiles | null {
  const t = byTemplate().get(id)
  const compose = t?.['docker-compose.yml']
  const toml = t?.['template.toml']
  return compose !== undefined && toml !== undefined ? { compose, toml } : null
}

export interface BuiltinSummary {
  id: string
  title: string
  description: string
  variables: Record<string, string>
}

export function builtinTemplates(): BuiltinSummary[] {
  return [...byTemplate()]
    .flatMap(([id, t]) => {
      const toml = t['template.toml']
      if (toml === undefined || t['docker-compose.yml'] === undefined) return []
      const lines = (t['README.md'] ?? '')
        .split('\n')
        .map((l) => l.replace(/^#+\s*/, '').trim())
        .filter(Boolean)
      const variables = Object.fromEntries(
        Object.entries(parseTemplateToml(toml).variables).map(([k, v]) => [k, String(v)])
      )
      return [{ id, title: lines[0] ?? id, description: lines[1] ?? '', variables }]
    })
    .sort((a, b) => a.id.localeCompare(b.id))
}
