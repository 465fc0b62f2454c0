import { execFileSync } from 'node:child_process'
import { describe, expect, it } from 'vitest'
import { HostFactsError, parseHostFacts } from '../../main/core/servers/host-facts'
import { remoteScript, remoteScriptNames } from '../../main/core/remote-scripts'

describe('host-facts.sh + parser', () => {
  it('parses what the real script prints on this machine', () => {
    const out = execFileSync('/bin/sh', ['-s'], {
      input: remoteScript('host-facts.sh'),
      encoding: 'utf8'
    })
    const facts = parseHostFacts(out)
    expect(facts.kernel).toBe(execFileSync('uname', ['-r'], { encoding: 'utf8' }).trim())
    expect(facts.user).toBe(execFileSync('id', ['-un'], { encoding: 'utf8' }).trim())
    expect(facts.cpus).toBeGreaterThan(0)
    expect(facts.memTotalKb).toBeGreaterThan(0)
    expect(facts.tools.tar).toBe(true)
  })

  it('runs the same under busybox ash as under dash', () => {
    const dash = parseHostFacts(
      execFileSync('/bin/sh', ['-s'], { input: remoteScript('host-facts.sh'), encoding: 'utf8' })
    )
    const ash = parseHostFacts(
      execFileSync('busybox', ['sh', '-s'], {
        input: remoteScript('host-facts.sh'),
        encoding: 'utf8'
      })
    )
    // Free disk space moves between the two runs; every other fact must match exactly.
    const { disk_free_kb: _a, ...ashFacts } = ash.raw
    const { disk_free_kb: _d, ...dashFacts } = dash.raw
    expect(ashFacts).toEqual(dashFacts)
    expect(Object.keys(ashFacts).length).toBeGreaterThan(15)
  })

  it('escapes quotes, backslashes and newlines into valid JSON', () => {
    const script = `${remoteScript('host-facts.sh').split('\nos_name=')[0]}\nfact weird "$(printf 'a"b\\\\c\\nd\\te')"\nprintf '{"done":true}\\n'\n`
    const out = execFileSync('/bin/sh', ['-s'], { input: script, encoding: 'utf8' })
    expect(parseHostFacts(out).raw.weird).toBe('a"b\\c\nd\te')
  })

  it('refuses truncated or malformed output', () => {
    expect(() => parseHostFacts('{"fact":"os","value":"x"}\n')).toThrow(HostFactsError)
    expect(() => parseHostFacts('rm -rf /\n{"done":true}')).toThrow(/not JSON/)
    expect(() => parseHostFacts('{"fact":"$(id)","value":"x"}\n{"done":true}')).toThrow(
      /not a fact/
    )
  })

  it('bundles every script in remote-scripts/', () => {
    expect(remoteScriptNames()).toContain('host-facts.sh')
    expect(remoteScriptNames()).not.toContain('lib/json.sh')
    for (const name of remoteScriptNames()) {
      const text = remoteScript(name)
      // Libraries are inlined once, so what reaches the server is self-contained.
      expect(text, name).not.toMatch(/^\. \.\/lib\//m)
      expect(text.match(/^json_string\(\) \{/gm)?.length ?? 0, name).toBeLessThanOrEqual(1)
    }
    expect(() => remoteScript('../package.json')).toThrow()
  })
})
