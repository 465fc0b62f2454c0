// Runs in: main, CLI, headless server (pure).
// Container env as Pier shows it: values of secret-looking variables are masked, so a detail
// view or a screenshot never carries a password. Masking is on by name (KEY, SECRET, TOKEN, …
// as a word of the name) and by value (credentials inside a URL).

export interface EnvVar {
  name: string
  value: string
  masked: boolean
}

export const MASK = '••••••••'

// Matched as a whole word of the name: "KEY" masks API_KEY and sshKey, not MONKEY or KEYBOARD.
const SECRET_WORDS = new Set([
  'KEY',
  'KEYS',
  'SECRET',
  'SECRETS',
  'TOKEN',
  'TOKENS',
  'PASSWORD',
  'PASSWORDS',
  'PASSWD',
  'PASS',
  'PWD',
  'CREDENTIAL',
  'CREDENTIALS',
  'CREDS',
  'PRIVATE',
  'APIKEY',
  'DSN',
  'SALT'
])
// Matched anywhere in the name, because they are unambiguous even glued to another word
// (DBPASSWORD, MYSECRET, GITHUBTOKEN).
const SECRET_PARTS = ['PASSWORD', 'PASSWD', 'SECRET', 'TOKEN', 'CREDENTIAL', 'PRIVATE', 'APIKEY']
// The shell's working directory is called PWD too, and it is not a secret.
const NOT_SECRET = new Set(['PWD', 'OLDPWD'])

function words(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .toUpperCase()
    .split(/[^A-Z0-9]+/)
    .filter(Boolean)
}

export function isSecretName(name: string): boolean {
  if (NOT_SECRET.has(name)) return false
  const upper = name.toUpperCase()
  if (SECRET_PARTS.some((p) => upper.includes(p))) return true
  return words(name).some((w) => SECRET_WORDS.has(w))
}

// scheme://user:password@host — the password part of a URL-shaped value.
const URL_CREDENTIALS = /^([a-zA-Z][a-zA-Z0-9+.-]*:\/\/[^/:@\s]*:)([^@\s]+)(@)/

/** Splits Docker's "NAME=value" strings and masks what looks secret. */
export function maskEnv(env: readonly string[] | null | undefined): EnvVar[] {
  return (env ?? []).map((entry) => {
    const eq = entry.indexOf('=')
    const name = eq === -1 ? entry : entry.slice(0, eq)
    const value = eq === -1 ? '' : entry.slice(eq + 1)
    if (value !== '' && isSecretName(name)) return { name, value: MASK, masked: true }
    if (URL_CREDENTIALS.test(value))
      return { name, value: value.replace(URL_CREDENTIALS, `$1${MASK}$3`), masked: true }
    return { name, value, masked: false }
  })
}
