// Runs in: main, and in the renderer through the API contract (pure zod, no Node imports).
// What a server's name, address and user may be. Values that will reach a remote shell are
// still quoted there; these rules make mistakes and hostile input fail early and clearly.
import { z } from 'zod'

export const SERVER_NAME_RULE =
  '1-63 lowercase letters, digits or "-", starting with a letter or digit'

export const serverName = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]{0,62}$/, `A server name must be ${SERVER_NAME_RULE}.`)

// A DNS name, an IPv4 address or an IPv6 address (optionally in brackets). No spaces, no shell
// metacharacters, and no leading "-", which ssh-style tools would read as an option.
const HOSTNAME =
  /^(?=.{1,253}$)[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*\.?$/
const IPV6 = /^\[?[0-9A-Fa-f:.]{2,45}(%[A-Za-z0-9._-]{1,32})?\]?$/

export const hostAddress = z
  .string()
  .refine(
    (h) => HOSTNAME.test(h) || (h.includes(':') && IPV6.test(h)),
    'The host must be a host name or an IP address.'
  )
  .transform((h) => h.replace(/^\[(.*)\]$/, '$1'))

export const loginUser = z
  .string()
  .regex(
    /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,31}$/,
    'The user must be a login name: letters, digits, "_", "." or "-", up to 32 characters.'
  )

export const sshPort = z.coerce
  .number()
  .int('The port must be a whole number.')
  .min(1, 'The port must be 1-65535.')
  .max(65535, 'The port must be 1-65535.')

export const fingerprint = z
  .string()
  .regex(
    /^SHA256:[A-Za-z0-9+/]{43}$/,
    'A fingerprint looks like SHA256: followed by 43 characters, as ssh-keygen -lf prints it.'
  )
