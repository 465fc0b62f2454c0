// Volume backups' pure parts: the three-word CLI commands (`pier backup volume run …`), the
// volume-name rule, and the cron entry name a volume gets (cron names are lowercase).
import { describe, expect, it } from 'vitest'
import { commandLength, commandName, flagsOf, methodFor } from '../../main/cli/commands'
import { checkVolume, volumeCronName } from '../../main/core/backups/volumes'
import { cronName } from '../../main/core/jobs/cron-schema'
import { HOSTILE } from '../support/hostile'

describe('pier backup volume …', () => {
  it('maps three words to the method and leaves the rest positional', () => {
    expect(methodFor(['backup', 'volume', 'run', 'data'])).toBe('backup.volumeRun')
    expect(commandLength(['backup', 'volume', 'run', 'data'])).toBe(3)
    expect(methodFor(['backup', 'volume', 'restore'])).toBe('backup.volumeRestore')
    // Two-word commands stay as they were.
    expect(methodFor(['backup', 'run', 'main'])).toBe('backup.run')
    expect(commandLength(['backup', 'run', 'main'])).toBe(2)
    expect(methodFor(['backup', 'volume'])).toBeUndefined()
    expect(commandName('backup.volumeRun')).toBe('backup volume run')
    expect(commandName('server.trustKey')).toBe('server trust-key')
    expect(flagsOf('backup.volumeRun').args).toEqual(['volume'])
    expect(flagsOf('backup.volumeRun').names).toEqual(
      expect.arrayContaining(['server', 'wait', 'image', 'keep', 'stop'])
    )
  })
})

describe('volume names', () => {
  it("accepts Docker's names and refuses the hostile corpus", () => {
    for (const ok of ['data', 'shop_data', 'db-main_data', 'A.b-c_1', 'x'.repeat(128)])
      expect(checkVolume(ok)).toBe(ok)
    for (const bad of HOSTILE) expect(() => checkVolume(bad), bad.slice(0, 30)).toThrow()
    expect(() => checkVolume('x'.repeat(129))).toThrow(/not a volume name/)
    expect(() => checkVolume('.hidden')).toThrow(/not a volume name/)
  })

  it('gives every volume a distinct, valid cron entry name', () => {
    const names = ['shop_data', 'shop-data', 'Shop_Data', 'x'.repeat(128), 'a.b']
    const crons = names.map(volumeCronName)
    for (const c of crons) expect(cronName.safeParse(c).success, c).toBe(true)
    expect(new Set(crons).size).toBe(names.length)
  })
})
