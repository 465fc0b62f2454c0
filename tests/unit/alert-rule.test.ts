// Alert rules and webhook targets: what users may write, and what never reaches a server.
import { describe, expect, it } from 'vitest'
import {
  describeRule,
  isBlockedAddress,
  parseAlertRule,
  parseWebhook
} from '../../main/core/alerts/rule'
import { HOSTILE } from '../support/hostile'

describe('parseAlertRule', () => {
  it('reads the threshold and container forms', () => {
    expect(parseAlertRule('cpu > 90 for 5m')).toEqual({
      metric: 'cpu',
      threshold: 90,
      minutes: 5,
      target: null
    })
    expect(parseAlertRule(' MEM>85% ')).toMatchObject({ metric: 'mem', threshold: 85, minutes: 0 })
    expect(parseAlertRule('disk > 92.5 for 10 minutes')).toMatchObject({ minutes: 10 })
    expect(parseAlertRule('down web-1')).toEqual({
      metric: 'down',
      threshold: 0,
      minutes: 0,
      target: 'web-1'
    })
    expect(describeRule(parseAlertRule('cpu>90 for 5 min'))).toBe('cpu > 90% for 5m')
  })

  it.each(['cpu > 0', 'cpu > 100', 'cpu < 5', 'load > 3', 'down', 'down a;b', 'cpu > 90\nid'])(
    'refuses %j',
    (rule) => expect(() => parseAlertRule(rule)).toThrow()
  )

  it('refuses every hostile string from the corpus', () => {
    for (const bad of HOSTILE) expect(() => parseAlertRule(bad)).toThrow()
  })
})

describe('parseWebhook', () => {
  it('takes http(s) URLs and guesses the payload kind from the host', () => {
    expect(parseWebhook('https://hooks.slack.com/services/T/B/x')).toMatchObject({
      kind: 'slack',
      host: 'hooks.slack.com',
      port: 443
    })
    expect(parseWebhook('https://discord.com/api/webhooks/1/abc').kind).toBe('discord')
    expect(parseWebhook('https://ntfy.sh/my-topic').kind).toBe('ntfy')
    expect(parseWebhook('http://10.0.0.5:8080/hook', 'json')).toMatchObject({
      kind: 'json',
      host: '10.0.0.5',
      port: 8080
    })
  })

  it.each([
    'http://localhost/x',
    'http://LOCALHOST./x',
    'http://app.localhost/x',
    'http://127.0.0.1:9/x',
    'http://127.1.2.3/x',
    'http://[::1]/x',
    'http://[fe80::1]/x',
    'http://169.254.169.254/latest/meta-data',
    'http://metadata.google.internal/computeMetadata',
    'http://[::ffff:127.0.0.1]/x',
    'http://0.0.0.0/x',
    'file:///etc/passwd',
    'gopher://x/',
    'not a url'
  ])('refuses %s', (url) => expect(() => parseWebhook(url)).toThrow())

  it('knows the blocked address ranges', () => {
    expect(isBlockedAddress('127.0.0.53')).toBe(true)
    expect(isBlockedAddress('169.254.1.1')).toBe(true)
    expect(isBlockedAddress('fd00:ec2::254')).toBe(true)
    expect(isBlockedAddress('10.0.0.1')).toBe(false)
    expect(isBlockedAddress('2001:db8::1')).toBe(false)
  })
})
