// Runs in: main, CLI, headless server (pure).
// Checks a compose file before it goes to a server: it must be YAML with a `services` map, and
// every service name must be one swarm accepts as `<stack>_<service>`, so a hostile name is
// refused here with a clear error instead of half-deploying. The text itself is kept as written
// (comments and all): the server keeps the file the user gave.
import { isMap, isScalar, isSeq, parseDocument, visit, type Document } from 'yaml'
import { PierError } from '../errors'

/** Swarm's own rule for a service name, which `<stack>_<service>` must pass (63 at most). */
const SERVICE = /^[a-zA-Z0-9][a-zA-Z0-9_.-]*$/
const MAX_COMPOSE = 1_000_000

function invalid(message: string, hint = 'Fix the compose file and deploy again.'): PierError {
  return new PierError('invalid_input', message, hint)
}

function parse(text: string): Document {
  if (text.length > MAX_COMPOSE) throw invalid('The compose file is larger than 1 MB.')
  const doc = parseDocument(text, { uniqueKeys: true })
  const err = doc.errors[0]
  if (err) throw invalid(`The compose file is not valid YAML: ${err.message.split('\n')[0]}`)
  return doc
}

/** The compose file's service names, after checking them for a stack called `stack`. */
export function composeServices(text: string, stack: string): string[] {
  const doc = parse(text)
  const services = isMap(doc.contents) ? doc.contents.get('services') : undefined
  if (!isMap(services) || services.items.length === 0)
    throw invalid('The compose file has no services.', 'Add a top-level `services:` map.')
  return services.items.map((pair) => {
    const key = isScalar(pair.key) ? pair.key.value : pair.key
    const name = typeof key === 'string' ? key : String(key)
    if (!SERVICE.test(name) || `${stack}_${name}`.length > 63)
      throw invalid(
        `The service name ${JSON.stringify(name.slice(0, 80))} is not allowed.`,
        `Use letters, digits, "_", "." or "-", starting with a letter or digit; "${stack}_<service>" must fit in 63 characters.`
      )
    if (!isMap(pair.value))
      throw invalid(`The service ${name} is not a map of settings (image:, …).`)
    return name
  })
}

/**
 * Dokploy templates bind their files as `../files/NAME` (their compose file sits one folder
 * below). Pier keeps the compose file beside `files/`, so those sources become `./files/NAME`.
 */
export function rebaseTemplateFiles(text: string): string {
  const doc = parse(text)
  let changed = false
  const fix = (s: string): string | null =>
    s.startsWith('../files/') ? './files/' + s.slice('../files/'.length) : null
  visit(doc, {
    Pair(_key, pair) {
      if (!isScalar(pair.key) || pair.key.value !== 'volumes' || !isSeq(pair.value)) return
      for (const item of pair.value.items) {
        if (isScalar(item) && typeof item.value === 'string') {
          const v = fix(item.value)
          if (v !== null) {
            item.value = v
            changed = true
          }
        } else if (isMap(item)) {
          const src = item.get('source')
          const v = typeof src === 'string' ? fix(src) : null
          if (v !== null) {
            item.set('source', v)
            changed = true
          }
        }
      }
    }
  })
  return changed ? doc.toString() : text
}
