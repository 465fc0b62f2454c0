// Runs in: main, and in the renderer through the API contract (pure zod, no Node imports).
// Auto-deploy settings as a user types them, the cron line a poll interval becomes, and the
// forced command of a CI key: checked here so nothing malformed reaches a crontab or an
// authorized_keys line.
import { z } from 'zod'
import { appName } from './model'

/** Minutes between polls: 1 to 1440 (a day). */
export const autodeployEvery = z.coerce
  .number({ message: 'The interval is a whole number of minutes, 1 to 1440.' })
  .int('The interval is a whole number of minutes, 1 to 1440.')
  .min(1, 'The interval is at least 1 minute.')
  .max(1440, 'The interval is at most 1440 minutes (a day).')

/** A glob over tag names (v*, release-[0-9]*): the newest matching version is deployed. */
export const tagPattern = z
  .string()
  .min(1)
  .max(100)
  .regex(
    /^[A-Za-z0-9._/*?[\]-]+$/,
    'A tag pattern is letters, digits and . _ / - with the glob characters * ? [ ].'
  )
  .refine((s) => !s.includes('..') && !s.startsWith('-') && !s.startsWith('/'), {
    message: 'A tag pattern cannot start with "-" or "/" or contain "..".'
  })

/**
 * The schedule for polls every `minutes`: an exact cron form when cron has one (the interval
 * divides an hour, or whole hours divide a day); otherwise every minute, and autodeploy.sh
 * skips ticks until the interval has passed.
 */
export function autodeploySchedule(minutes: number): string {
  const n = autodeployEvery.parse(minutes)
  if (n === 1) return '* * * * *'
  if (n < 60 && 60 % n === 0) return `*/${n} * * * *`
  if (n === 60) return '0 * * * *'
  if (n % 60 === 0 && 24 % (n / 60) === 0) return n === 1440 ? '0 0 * * *' : `0 */${n / 60} * * *`
  return '* * * * *'
}

/** The crontab entry name of an app's poller. */
export const autodeployCronName = (app: string): string => `autodeploy-${app}`

/**
 * The authorized_keys line of an app's CI key: whatever command the client sends, sshd runs
 * only pier-deploy for this app, with no pty, forwarding or rc file. The app name is quoted
 * for the shell and then escaped for the option's double quotes.
 */
export function ciKeyLine(app: string, publicKey: string): string {
  const name = appName.parse(app)
  if (
    !/^(ssh-ed25519|ssh-rsa|ecdsa-sha2-nistp(256|384|521)) [A-Za-z0-9+/=]+( [ -~]*)?$/.test(
      publicKey
    )
  )
    throw new Error('not a single public key line')
  // sshd undoes only \" inside command="…"; every other character is taken as it is.
  const quoted = `'${name.replace(/'/g, `'\\''`)}'`
  const command = `sh "$HOME/.pier/bin/pier-deploy" ${quoted}`.replace(/"/g, '\\"')
  return `command="${command}",no-pty,no-port-forwarding,no-agent-forwarding,no-X11-forwarding,no-user-rc ${publicKey}`
}

export const autodeployPoll = z.object({
  /** Unix seconds of the last poll. */
  at: z.number().int(),
  result: z.enum(['unchanged', 'deploying', 'error']),
  commit: z.string().nullable(),
  jobId: z.string().nullable(),
  error: z.string().nullable()
})
export type AutodeployPoll = z.infer<typeof autodeployPoll>

export const autodeploySchema = z.object({
  app: z.string(),
  server: z.string(),
  /** Minutes between polls; null when auto-deploy is off. */
  everyMin: z.number().int().nullable(),
  schedule: z.string().nullable(),
  /** What is tracked: the app's ref (null: the default branch), or a tag glob. */
  ref: z.string().nullable(),
  tagPattern: z.string().nullable(),
  /** The CI key's public half, when one was made. */
  ciKey: z.string().nullable(),
  /** The server's last poll and the commit it last acted on; null when unknown or unreachable. */
  lastPoll: autodeployPoll.nullable(),
  seen: z.string().nullable()
})
export type Autodeploy = z.infer<typeof autodeploySchema>
