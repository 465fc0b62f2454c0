// Runs in: main, CLI, headless server.
// Reads a template folder: docker-compose.yml (or compose.yml) and template.toml, as Dokploy's
// templates are laid out. The gallery lists the folders of Pier's own templates
// (resources/templates) and of a folder the user picks.
import fs from 'node:fs'
import path from 'node:path'
import { PierError } from '../errors'
import { parseTemplateToml, type TemplateFiles } from './render'

const COMPOSE_NAMES = ['docker-compose.yml', 'docker-compose.yaml', 'compose.yml', 'compose.yaml']
const MAX_FILE = 1_000_000

function readSmall(file: string): string {
  const size = fs.statSync(file).size
  if (size > MAX_FILE)
    throw new PierError(
      'invalid_input',
      `${file} is larger than 1 MB.`,
      'A template file is a compose file or a TOML file.'
    )
  return fs.readFileSync(file, 'utf8')
}

export function loadTemplateDir(dir: string): TemplateFiles {
  const abs = path.resolve(dir)
  if (!fs.existsSync(abs) || !fs.statSync(abs).isDirectory())
    throw new PierError(
      'not_found',
      `There is no template folder ${JSON.stringify(dir.slice(0, 200))}.`,
      'Give a folder holding docker-compose.yml and template.toml.'
    )
  const composeName = COMPOSE_NAMES.find((n) => fs.existsSync(path.join(abs, n)))
  const toml = path.join(abs, 'template.toml')
  if (!composeName || !fs.existsSync(toml))
    throw new PierError(
      'not_found',
      `${abs} is not a template: it needs docker-compose.yml and template.toml.`,
      "Use a folder in Dokploy's template layout."
    )
  return { compose: readSmall(path.join(abs, composeName)), toml: readSmall(toml) }
}

export interface TemplateSummary {
  /** The folder's name. */
  id: string
  dir: string
  /** The first line of README.md, else the folder's name. */
  title: string
  description: string
  variables: Record<string, string>
}

/** The templates in a folder of template folders; unreadable ones are left out. */
export function listTemplates(root: string): TemplateSummary[] {
  if (!fs.existsSync(root)) return []
  return fs
    .readdirSync(root, { withFileTypes: true })
    .filter((e) => e.isDirectory())
    .flatMap((e) => {
      const dir = path.join(root, e.name)
      try {
        const files = loadTemplateDir(dir)
        const readme = path.join(dir, 'README.md')
        const lines = fs.existsSync(readme)
          ? readSmall(readme)
              .split('\n')
              .map((l) => l.replace(/^#+\s*/, '').trim())
              .filter(Boolean)
          : []
        const variables = Object.fromEntries(
          Object.entries(parseTemplateToml(files.toml).variables).map(([k, v]) => [k, String(v)])
        )
        return [
          {
            id: e.name,
            dir,
            title: lines[0] ?? e.name,
            description: lines[1] ?? '',
            variables
          }
        ]
      } catch {
        return []
      }
    })
    .sort((a, b) => a.id.localeCompare(b.id))
}
