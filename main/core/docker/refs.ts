// Runs in: main, and in the renderer through the API contract (pure zod, no Node imports).
// What a user may name in the engine. dockerode pastes ids and names into the request path
// without encoding them, so these rules are what keeps a value a single, literal path segment:
// no "/", "..", "?", "#", "%" or whitespace ever gets through (image references may have "/"
// between name components, none of which can be "." or "..").
import { z } from 'zod'

const NAME = /^[a-zA-Z0-9][a-zA-Z0-9_.-]{0,254}$/

export const containerRef = z
  .string()
  .regex(
    NAME,
    'A container is named by its id or name: letters, digits, "_", "." and "-", starting with a letter or digit.'
  )

export const volumeRef = z
  .string()
  .regex(
    NAME,
    'A volume name is letters, digits, "_", "." and "-", starting with a letter or digit.'
  )

export const networkRef = z
  .string()
  .regex(
    NAME,
    'A network is named by its id or name: letters, digits, "_", "." and "-", starting with a letter or digit.'
  )

export const serviceRef = z
  .string()
  .regex(
    NAME,
    'A service is named by its id or name: letters, digits, "_", "." and "-", starting with a letter or digit.'
  )

// The distribution reference grammar (github.com/distribution/reference), without the parts
// that could leave a path segment: a domain of DNS labels with an optional port, name
// components of lowercase alphanumerics joined by separators, a tag, a digest.
const LABEL = '[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?'
const DOMAIN = `(?:${LABEL}(?:\\.${LABEL})*(?::[0-9]{1,5})?/)`
const COMPONENT = '[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*'
const REFERENCE = new RegExp(
  `^${DOMAIN}?${COMPONENT}(?:/${COMPONENT})*(?::[a-zA-Z0-9_][a-zA-Z0-9_.-]{0,127})?(?:@sha256:[a-f0-9]{64})?$`
)
const IMAGE_ID = /^(?:sha256:)?[a-f0-9]{12,64}$/

export const imageRef = z
  .string()
  .max(512)
  .refine(
    (s) => IMAGE_ID.test(s) || REFERENCE.test(s),
    'An image is named by its id (sha256:…) or a reference like "busybox:1.36" or "registry.example.com/team/app:v2".'
  )
