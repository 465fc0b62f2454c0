// Runs in: main, and in the renderer through the API contract (pure zod, no Node imports).
// Where a cluster app's replicas may run: swarm placement constraints and spread preferences,
// in Docker's own syntax, checked strictly so that what lands in deploy.placement of the compose
// file is exactly one attribute, one operator and one plain value.
import { z } from 'zod'

/** node.labels.KEY / engine.labels.KEY keys: the rule clusters/model.ts applies to labels. */
const LABEL_KEY = '[A-Za-z0-9][A-Za-z0-9_.-]{0,62}'
const ATTRIBUTE = new RegExp(
  `^(node\\.id|node\\.hostname|node\\.role|node\\.platform\\.os|node\\.platform\\.arch|node\\.labels\\.${LABEL_KEY}|engine\\.labels\\.${LABEL_KEY})$`
)
/** Values are kept to what node ids, hostnames, roles and sane label values use. */
const VALUE = /^[A-Za-z0-9][A-Za-z0-9_.:@+-]{0,127}$/

export interface Constraint {
  attribute: string
  op: '==' | '!='
  value: string
}

/** Splits `attr==value` / `attr!=value` (spaces around the operator allowed), or says why not. */
export function parseConstraint(s: string): Constraint | string {
  if (s.length > 300) return 'A constraint is at most 300 characters.'
  const m = /^\s*([^=!\s]+)\s*(==|!=)\s*(\S+)\s*$/.exec(s)
  if (!m) return 'A constraint is ATTRIBUTE==VALUE or ATTRIBUTE!=VALUE, e.g. node.labels.tier==web.'
  const [, attribute = '', op = '==', value = ''] = m
  if (!ATTRIBUTE.test(attribute))
    return `${JSON.stringify(attribute.slice(0, 60))} is not a placement attribute: use node.id, node.hostname, node.role, node.platform.os, node.platform.arch, node.labels.KEY or engine.labels.KEY.`
  if (!VALUE.test(value) || value.includes('..'))
    return `${JSON.stringify(value.slice(0, 60))} is not a plain value (a letter or digit, then letters, digits and _ . : @ + -, up to 128).`
  if (attribute === 'node.role' && value !== 'manager' && value !== 'worker')
    return 'node.role is manager or worker.'
  return { attribute, op: op as '==' | '!=', value }
}

export const placementConstraint = z.string().transform((s, ctx) => {
  const c = parseConstraint(s)
  if (typeof c === 'string') {
    ctx.addIssue({ code: 'custom', message: c })
    return z.NEVER
  }
  // One canonical spelling: what the compose file gets and what Pier stores.
  return `${c.attribute}${c.op}${c.value}`
})

const SPREAD = new RegExp(
  `^spread=(node\\.id|node\\.hostname|node\\.labels\\.${LABEL_KEY}|engine\\.labels\\.${LABEL_KEY})$`
)
/** `spread=node.labels.zone`: replicas spread evenly over the values of that attribute. */
export const placementPreference = z
  .string()
  .max(100)
  .regex(
    SPREAD,
    'A preference is spread=ATTRIBUTE, e.g. spread=node.labels.zone or spread=node.id.'
  )

/** The attribute a spread preference spreads over. */
export const spreadOver = (pref: string): string => pref.slice('spread='.length)

/** What the laptop knows of a node, for deciding which nodes may run a replica. */
export interface PlacementNode {
  id: string
  hostname: string
  role: string
  labels: Readonly<Record<string, string>>
}

/**
 * Whether swarm may place a replica on the node. Attributes the laptop does not see (engine
 * labels, platform) count as a match: giving a node an image it never runs costs only disk,
 * missing one costs a failed task.
 */
export function mayRun(node: PlacementNode, constraints: readonly string[]): boolean {
  return constraints.every((s) => {
    const c = parseConstraint(s)
    if (typeof c === 'string') return true
    let actual: string | undefined
    if (c.attribute === 'node.id') actual = node.id
    else if (c.attribute === 'node.hostname') actual = node.hostname
    else if (c.attribute === 'node.role') actual = node.role
    else if (c.attribute.startsWith('node.labels.'))
      actual = node.labels[c.attribute.slice('node.labels.'.length)] ?? ''
    else return true
    // Swarm compares case-insensitively.
    const equal = actual.toLowerCase() === c.value.toLowerCase()
    return c.op === '==' ? equal : !equal
  })
}
