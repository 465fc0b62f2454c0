import { describe, expect, it } from 'vitest'
import { isTrustedSender, originOf } from '../../main/electron/sender'

const ours = ['pier://app', 'http://localhost:5173']

describe('IPC sender check', () => {
  it('accepts our main frame only', () => {
    expect(isTrustedSender({ url: 'pier://app/index.html', parent: null }, ours)).toBe(true)
    expect(isTrustedSender({ url: 'http://localhost:5173/#/servers', parent: null }, ours)).toBe(
      true
    )
  })

  it.each([
    ['an iframe of ours', { url: 'pier://app/x.html', parent: {} }],
    ['another origin', { url: 'https://evil.example/', parent: null }],
    ['a look-alike host', { url: 'pier://app.evil/index.html', parent: null }],
    ['another port', { url: 'http://localhost:5174/', parent: null }],
    ['file://', { url: 'file:///etc/passwd', parent: null }],
    ['garbage', { url: 'not a url', parent: null }],
    ['a destroyed frame', null]
  ])('refuses %s', (_name, frame) => {
    expect(isTrustedSender(frame, ours)).toBe(false)
  })

  it('derives origins of custom schemes', () => {
    expect(originOf('pier://app/a/b?c')).toBe('pier://app')
    expect(originOf('::')).toBeNull()
  })
})
