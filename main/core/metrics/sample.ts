// Runs in: main, and in the renderer through the API contract (pure zod, no Node imports).
// One sample as remote-scripts/collect-metrics.sh writes it, and the shapes the API returns.
import { z } from 'zod'

const rate = z.number().nullable()

export const rawSampleSchema = z.object({
  t: z.number().int(),
  cpu: z.number().nullable(),
  ncpu: z.number().int().optional(),
  load: z.array(z.number()).length(3),
  mem: z.object({ total: z.number(), used: z.number() }),
  swap: z.object({ total: z.number(), used: z.number() }),
  disk: z.array(z.object({ mount: z.string(), total: z.number(), used: z.number() })),
  io: z.object({ r: rate, w: rate }),
  net: z.object({
    rx: rate,
    tx: rate,
    if: z.record(z.string(), z.tuple([rate, rate])).optional()
  }),
  ct: z.array(
    z.object({
      id: z.string(),
      name: z.string(),
      app: z.string(),
      cpu: z.number().nullable(),
      mem: z.number().nullable(),
      rx: rate,
      tx: rate
    })
  )
})
export type RawSample = z.infer<typeof rawSampleSchema>

/** A point of a server's history: a sample, or a rollup's averages (cpuMax: the peak). */
export const seriesPointSchema = z.object({
  t: z.number().int(),
  cpu: z.number().nullable(),
  cpuMax: z.number().nullable(),
  load1: z.number().nullable(),
  memUsed: z.number().nullable(),
  memTotal: z.number().nullable(),
  diskUsed: z.number().nullable(),
  diskTotal: z.number().nullable(),
  ioRead: z.number().nullable(),
  ioWrite: z.number().nullable(),
  netRx: z.number().nullable(),
  netTx: z.number().nullable()
})
export type SeriesPoint = z.infer<typeof seriesPointSchema>

export const containerPointSchema = z.object({
  t: z.number().int(),
  name: z.string(),
  app: z.string().nullable(),
  cpu: z.number().nullable(),
  mem: z.number().nullable(),
  rx: z.number().nullable(),
  tx: z.number().nullable()
})
export type ContainerPoint = z.infer<typeof containerPointSchema>

export const seriesSchema = z.object({
  server: z.string(),
  from: z.number().int(),
  to: z.number().int(),
  /** Seconds per point before downsampling: the sample interval, 60 or 3600. */
  resolution: z.number().int(),
  points: z.array(seriesPointSchema),
  containers: z.array(containerPointSchema)
})
export type Series = z.infer<typeof seriesSchema>

export const metricsSettingsSchema = z.object({
  server: z.string(),
  enabled: z.boolean(),
  intervalSec: z.number().int(),
  retentionDays: z.number().int(),
  lastSyncAt: z.number().int().nullable()
})
export type MetricsSettings = z.infer<typeof metricsSettingsSchema>

/** "15m", "1h", "24h", "7d" or plain seconds → seconds. */
export function parseDuration(text: string): number {
  const m = /^(\d{1,6})([smhd]?)$/.exec(text.trim())
  if (!m) throw new Error(`"${text.slice(0, 40)}" is not a duration like 15m, 1h, 24h or 7d.`)
  const n = Number(m[1])
  const unit = { '': 1, s: 1, m: 60, h: 3600, d: 86400 }[m[2] as '' | 's' | 'm' | 'h' | 'd']
  return n * unit
}
