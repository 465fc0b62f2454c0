// The renderer's ANSI parser: SGR styles become segments of plain text, everything else is
// dropped, sequences cut across chunks are completed, and markup in a log stays text.
import { describe, expect, it } from 'vitest'
import {
  PLAIN,
  applySgr,
  createAnsiParser,
  paletteRgb,
  parseAnsi,
  segmentLook,
  stripAnsi,
  type AnsiSegment
} from '../../renderer/src/lib/ansi'

const E = '\x1b'
const texts = (segs: AnsiSegment[]): string[] => segs.map((s) => s.text)

describe('parseAnsi', () => {
  it('leaves plain text alone, in one plain segment', () => {
    expect(parseAnsi('hello world')).toEqual([{ text: 'hello world', style: PLAIN }])
    expect(parseAnsi('')).toEqual([])
  })

  it('colours text with the 8 and bright 16 colours and resets them', () => {
    const segs = parseAnsi(`a${E}[31mred${E}[0mb${E}[92mgreen${E}[39mc`)
    expect(texts(segs)).toEqual(['a', 'red', 'b', 'green', 'c'])
    expect(segs[0]!.style).toBe(PLAIN)
    expect(segs[1]!.style.fg).toBe(1)
    expect(segs[2]!.style).toBe(PLAIN)
    expect(segs[3]!.style.fg).toBe(10)
    expect(segs[4]!.style).toBe(PLAIN)
  })

  it('treats ESC[m like ESC[0m, and a reset in a list applies in order', () => {
    const segs = parseAnsi(`${E}[1;31mx${E}[my${E}[1;0;32mz`)
    expect(segs[0]!.style).toMatchObject({ bold: true, fg: 1 })
    expect(segs[1]!.style).toBe(PLAIN)
    expect(segs[2]!.style).toMatchObject({ bold: false, fg: 2 })
  })

  it('sets and clears bold, dim, italic, underline, inverse and strike', () => {
    let s = applySgr(PLAIN, '1;2;3;4;7;9')
    expect(s).toMatchObject({
      bold: true,
      dim: true,
      italic: true,
      underline: true,
      inverse: true,
      strike: true
    })
    s = applySgr(s, '22;23;24;27;29')
    expect(s).toBe(PLAIN)
    expect(applySgr(PLAIN, '4:3').underline).toBe(true)
    expect(applySgr(applySgr(PLAIN, '4'), '4:0').underline).toBe(false)
  })

  it('reads 256-colour and truecolor, in the semicolon and colon forms', () => {
    expect(applySgr(PLAIN, '38;5;208').fg).toBe(208)
    expect(applySgr(PLAIN, '48;5;21').bg).toBe(21)
    expect(applySgr(PLAIN, '38;2;255;128;0').fg).toBe('#ff8000')
    expect(applySgr(PLAIN, '48;2;1;2;3').bg).toBe('#010203')
    expect(applySgr(PLAIN, '38:5:208').fg).toBe(208)
    expect(applySgr(PLAIN, '38:2::255:128:0').fg).toBe('#ff8000')
    expect(applySgr(PLAIN, '38:2:255:128:0').fg).toBe('#ff8000')
    // What follows an extended colour is read as its own code.
    expect(applySgr(PLAIN, '38;5;208;1')).toMatchObject({ fg: 208, bold: true })
    expect(applySgr(PLAIN, '38;2;1;2;3;4')).toMatchObject({ fg: '#010203', underline: true })
  })

  it('ignores malformed extended colours and unknown codes', () => {
    expect(applySgr(PLAIN, '38;5;300')).toBe(PLAIN)
    expect(applySgr(PLAIN, '38;2;1')).toBe(PLAIN)
    expect(applySgr(PLAIN, '38')).toBe(PLAIN)
    expect(applySgr(PLAIN, '58;5;3;73;1')).toMatchObject({ bold: true })
  })

  it('drops cursor moves, erases, OSC titles and hyperlinks, charset switches and lone ESCs', () => {
    const input =
      `${E}[2K${E}[1Gstart ` +
      `${E}]0;window title${E}\\` +
      `${E}]8;;https://example.com${E}\\link${E}]8;;\x07 ` +
      `${E}(B${E}7${E}[?25lend${E}${E}[0m${E}\t!${E}M`
    // ESC M (and any ESC + one printable) is a complete two-character escape; an ESC before a
    // control or another ESC stands alone, and only the ESC goes.
    expect(stripAnsi(input)).toBe('start link end\t!')
  })

  it('drops C0 controls other than tab and carriage return', () => {
    expect(stripAnsi('a\x07b\x08c\td\re\x00')).toBe('abc\td\re')
  })

  it('gives up on a runaway CSI instead of swallowing the rest of the log', () => {
    const junk = '1'.repeat(100)
    expect(stripAnsi(`${E}[${junk}visible`)).toContain('visible')
  })

  it('keeps <script> and other markup as literal text', () => {
    const segs = parseAnsi(`${E}[31m<script>alert(1)</script>${E}[0m<b>not bold</b>&amp;`)
    expect(texts(segs).join('')).toBe('<script>alert(1)</script><b>not bold</b>&amp;')
    expect(segs[0]!.style.fg).toBe(1)
  })
})

describe('the stateful parser', () => {
  it('completes a sequence split across chunks, at every split point', () => {
    const whole = `x${E}[1;38;2;10;20;30mcolour${E}[0my`
    for (let cut = 1; cut < whole.length; cut++) {
      const p = createAnsiParser()
      const segs = [...p.write(whole.slice(0, cut)), ...p.write(whole.slice(cut))]
      expect(segs.map((s) => s.text).join('')).toBe('xcoloury')
      const coloured = segs.filter((s) => s.style.fg === '#0a141e')
      expect(coloured.map((s) => s.text).join('')).toBe('colour')
      expect(coloured.every((s) => s.style.bold)).toBe(true)
    }
  })

  it('keeps a colour on across writes until reset', () => {
    const p = createAnsiParser()
    expect(p.write(`${E}[33mfirst`)[0]!.style.fg).toBe(3)
    expect(p.write('second')[0]!.style.fg).toBe(3)
    expect(p.write(`${E}[0mthird`)[0]!.style).toBe(PLAIN)
  })

  it('completes an OSC string split inside its ESC \\ terminator', () => {
    const p = createAnsiParser()
    expect(texts(p.write(`a${E}]0;title${E}`))).toEqual(['a'])
    expect(texts(p.write('\\b'))).toEqual(['b'])
  })

  it('abandon() drops an unfinished sequence but keeps the style', () => {
    const p = createAnsiParser()
    p.write(`${E}[31m${E}[1`)
    p.abandon()
    const segs = p.write('after')
    expect(segs).toEqual([{ text: 'after', style: expect.objectContaining({ fg: 1 }) }])
    expect(segs[0]!.style.bold).toBe(false)
  })

  it('merges runs of one style into one segment', () => {
    expect(parseAnsi(`${E}[31ma${E}[31mb${E}[1m${E}[22mc`)).toHaveLength(1)
  })
})

describe('segmentLook', () => {
  it('uses theme classes for the 16 colours and inline colours for the rest', () => {
    expect(segmentLook(PLAIN)).toEqual({ className: '' })
    expect(segmentLook(applySgr(PLAIN, '1;31;44'))).toEqual({
      className: 'ansi-bold ansi-fg-1 ansi-bg-4'
    })
    expect(segmentLook(applySgr(PLAIN, '38;5;196'))).toEqual({
      className: '',
      style: { color: '#ff0000' }
    })
    expect(segmentLook(applySgr(PLAIN, '48;2;1;2;3'))).toEqual({
      className: '',
      style: { backgroundColor: '#010203' }
    })
  })

  it('inverse swaps the colours, using the log colours for a default side', () => {
    expect(segmentLook(applySgr(PLAIN, '7')).className).toBe('ansi-fg-inverse ansi-bg-inverse')
    expect(segmentLook(applySgr(PLAIN, '7;31')).className).toBe('ansi-fg-inverse ansi-bg-1')
    expect(segmentLook(applySgr(PLAIN, '7;31;42')).className).toBe('ansi-fg-2 ansi-bg-1')
  })

  it('maps the 256-colour cube and grey ramp as xterm does', () => {
    expect(paletteRgb(16)).toBe('#000000')
    expect(paletteRgb(231)).toBe('#ffffff')
    expect(paletteRgb(208)).toBe('#ff8700')
    expect(paletteRgb(232)).toBe('#080808')
    expect(paletteRgb(255)).toBe('#eeeeee')
  })
})
