// Runs in: renderer (pure; no DOM, so the unit tests run it under node).
// Terminal colour codes in logs become styled segments of plain text. Only SGR (colours, bold, …)
// is understood; every other escape sequence (cursor moves, titles, hyperlinks) is dropped, and
// the text itself is never interpreted, so a log line can never become markup.
// The parser is stateful: a sequence cut in two by a chunk boundary is completed by the next
// write, and colours stay on across writes until a reset, as in a terminal.

/** A palette index (0-255, xterm's numbering) or a truecolor `#rrggbb`. */
export type AnsiColor = number | string

export interface AnsiStyle {
  readonly bold: boolean
  readonly dim: boolean
  readonly italic: boolean
  readonly underline: boolean
  readonly strike: boolean
  readonly inverse: boolean
  readonly fg: AnsiColor | null
  readonly bg: AnsiColor | null
}

export interface AnsiSegment {
  text: string
  style: AnsiStyle
}

export const PLAIN: AnsiStyle = Object.freeze({
  bold: false,
  dim: false,
  italic: false,
  underline: false,
  strike: false,
  inverse: false,
  fg: null,
  bg: null
})

export function isPlain(style: AnsiStyle): boolean {
  return style === PLAIN || sameStyle(style, PLAIN)
}

function sameStyle(a: AnsiStyle, b: AnsiStyle): boolean {
  return (
    a.bold === b.bold &&
    a.dim === b.dim &&
    a.italic === b.italic &&
    a.underline === b.underline &&
    a.strike === b.strike &&
    a.inverse === b.inverse &&
    a.fg === b.fg &&
    a.bg === b.bg
  )
}

const hex2 = (n: number): string => Math.max(0, Math.min(255, n)).toString(16).padStart(2, '0')

/** `5;N` (palette) or `2;R;G;B` (truecolor), the tail of a 38 or 48; undefined when malformed. */
function extendedColor(tail: readonly number[]): AnsiColor | undefined {
  const [mode, a, b, c] = tail
  if (mode === 5) return a !== undefined && a >= 0 && a <= 255 ? a : undefined
  if (mode === 2 && a !== undefined && b !== undefined && c !== undefined)
    return `#${hex2(a)}${hex2(b)}${hex2(c)}`
  return undefined
}

/** How many parameters a semicolon-form extended colour takes after 38 or 48. */
const extendedLength = (mode: number | undefined): number => (mode === 5 ? 2 : mode === 2 ? 4 : 1)

/**
 * Splits a CSI parameter string into groups: `1;31` is two groups of one, `38:2::R:G:B` (the
 * colon form, with its optional colour-space slot) one group of several. Empty means 0.
 */
function sgrGroups(raw: string): number[][] {
  if (raw === '') return [[0]]
  return raw.split(';').map((group) => {
    const parts = group.split(':').map((p) => (p === '' ? 0 : Number.parseInt(p, 10) || 0))
    if (parts.length === 6 && parts[1] === 2) parts.splice(2, 1)
    return parts
  })
}

type Mutable = { -readonly [K in keyof AnsiStyle]: AnsiStyle[K] }

function applyCode(s: Mutable, code: number): void {
  if (code === 0) Object.assign(s, PLAIN)
  else if (code === 1) s.bold = true
  else if (code === 2) s.dim = true
  else if (code === 3) s.italic = true
  else if (code === 4 || code === 21) s.underline = true
  else if (code === 7) s.inverse = true
  else if (code === 9) s.strike = true
  else if (code === 22) s.bold = s.dim = false
  else if (code === 23) s.italic = false
  else if (code === 24) s.underline = false
  else if (code === 27) s.inverse = false
  else if (code === 29) s.strike = false
  else if (code >= 30 && code <= 37) s.fg = code - 30
  else if (code === 39) s.fg = null
  else if (code >= 40 && code <= 47) s.bg = code - 40
  else if (code === 49) s.bg = null
  else if (code >= 90 && code <= 97) s.fg = code - 90 + 8
  else if (code >= 100 && code <= 107) s.bg = code - 100 + 8
}

/** The style after one SGR sequence's parameters (`1;38;5;208`). Unknown codes are ignored. */
export function applySgr(style: AnsiStyle, raw: string): AnsiStyle {
  const s: Mutable = { ...style }
  const groups = sgrGroups(raw)
  for (let i = 0; i < groups.length; i++) {
    const group = groups[i] as number[]
    const code = group[0] as number
    if (code === 38 || code === 48) {
      let tail: number[]
      if (group.length > 1) tail = group.slice(1)
      else {
        // The semicolon form borrows the following groups: 38;5;N or 38;2;R;G;B.
        const n = extendedLength(groups[i + 1]?.[0])
        tail = groups.slice(i + 1, i + 1 + n).map((g) => g[0] as number)
        i += n
      }
      const color = extendedColor(tail)
      if (color !== undefined) {
        if (code === 38) s.fg = color
        else s.bg = color
      }
    } else if (code === 4 && group.length > 1) {
      // 4:0 turns the underline off; 4:1..5 are kinds of underline.
      s.underline = group[1] !== 0
    } else applyCode(s, code)
  }
  return sameStyle(s, style) ? style : isPlain(s) ? PLAIN : Object.freeze(s)
}

type Mode = 'text' | 'esc' | 'csi' | 'string' | 'string-esc' | 'intermediate'

export interface AnsiParser {
  /** Parses the next chunk; returns its text as segments (never containing ESC). */
  write(chunk: string): AnsiSegment[]
  /** Drops a sequence left unfinished (the stream ended inside it); the style is kept. */
  abandon(): void
  /** The style that applies to the next text. */
  readonly style: AnsiStyle
}

const isFinal = (c: number): boolean => c >= 0x40 && c <= 0x7e
// Controls that mean nothing in a log line. \t is kept (the view renders tabs) and \r is left
// for the line logic, which treats it as "overwrite from the start".
const DROPPED_CONTROL = /[\x00-\x08\x0b\x0c\x0e-\x1a\x1c-\x1f\x7f]/g

export function createAnsiParser(): AnsiParser {
  let style: AnsiStyle = PLAIN
  let mode: Mode = 'text'
  let params = ''

  function write(chunk: string): AnsiSegment[] {
    const out: AnsiSegment[] = []
    let text = ''
    const emit = (): void => {
      if (text === '') return
      const clean = text.replace(DROPPED_CONTROL, '')
      text = ''
      if (clean === '') return
      const last = out[out.length - 1]
      if (last && (last.style === style || sameStyle(last.style, style))) last.text += clean
      else out.push({ text: clean, style })
    }
    for (let i = 0; i < chunk.length; i++) {
      const ch = chunk[i] as string
      const c = ch.charCodeAt(0)
      switch (mode) {
        case 'text':
          if (c === 0x1b) {
            emit()
            mode = 'esc'
          } else if (c === 0x9b) {
            emit()
            mode = 'csi'
            params = ''
          } else {
            // Copy the run up to the next ESC in one slice: most log text has none.
            const next = chunk.indexOf('\x1b', i)
            const c1 = chunk.indexOf('\x9b', i)
            const end = Math.min(next < 0 ? chunk.length : next, c1 < 0 ? chunk.length : c1)
            text += chunk.slice(i, end)
            i = end - 1
          }
          break
        case 'esc':
          if (ch === '[') {
            mode = 'csi'
            params = ''
          } else if (ch === ']' || ch === 'P' || ch === 'X' || ch === '^' || ch === '_') {
            // OSC, DCS, SOS, PM, APC: a string ended by BEL or ESC \.
            mode = 'string'
          } else if (c >= 0x20 && c <= 0x2f) {
            mode = 'intermediate'
          } else if (c >= 0x30 && c <= 0x7e) {
            mode = 'text' // a two-character escape (ESC 7, ESC M, …): dropped
          } else if (c === 0x1b) {
            mode = 'esc' // a lone ESC followed by another
          } else {
            // A lone ESC before ordinary text: drop the ESC, keep the text.
            mode = 'text'
            i--
          }
          break
        case 'intermediate':
          // ESC ( B and friends: intermediates, then one final byte.
          if (c >= 0x30 && c <= 0x7e) mode = 'text'
          else if (!(c >= 0x20 && c <= 0x2f)) {
            mode = 'text'
            i--
          }
          break
        case 'csi':
          if (isFinal(c)) {
            if (ch === 'm' && /^[\d;:]*$/.test(params)) style = applySgr(style, params)
            mode = 'text'
          } else if (c >= 0x20 && c <= 0x3f) {
            params += ch
            // A runaway "sequence" is text that happened to follow an ESC [: give up on it.
            if (params.length > 64) mode = 'text'
          } else {
            // Not part of any CSI: the sequence was broken; resume with this character.
            mode = 'text'
            i--
          }
          break
        case 'string':
          if (c === 0x07) mode = 'text'
          else if (c === 0x1b) mode = 'string-esc'
          break
        case 'string-esc':
          // ESC \ ends the string; any other ESC X starts over as a fresh escape.
          if (ch === '\\') mode = 'text'
          else {
            mode = 'esc'
            i--
          }
          break
      }
    }
    emit()
    return out
  }

  return {
    write,
    abandon: () => {
      mode = 'text'
      params = ''
    },
    get style() {
      return style
    }
  }
}

/** A whole string at once, from the plain style (tests, one-off labels). */
export function parseAnsi(text: string): AnsiSegment[] {
  return createAnsiParser().write(text)
}

/** The text without any escape sequences. */
export function stripAnsi(text: string): string {
  return parseAnsi(text)
    .map((s) => s.text)
    .join('')
}

/** xterm's 256-colour palette above the first 16: a 6×6×6 cube, then 24 greys. */
export function paletteRgb(index: number): string {
  if (index >= 232) {
    const v = 8 + (index - 232) * 10
    return `#${hex2(v)}${hex2(v)}${hex2(v)}`
  }
  const n = index - 16
  const level = (k: number): number => (k === 0 ? 0 : 55 + k * 40)
  return `#${hex2(level(Math.floor(n / 36)))}${hex2(level(Math.floor(n / 6) % 6))}${hex2(level(n % 6))}`
}

export interface SegmentLook {
  className: string
  /** Only colours outside the themed 16 are inline; the 16 follow the light or dark theme. */
  style?: { color?: string; backgroundColor?: string }
}

type Side = 'fg' | 'bg'

function colourLook(side: Side, color: AnsiColor, classes: string[], inline: SegmentLook['style']) {
  if (typeof color === 'number' && color < 16) classes.push(`ansi-${side}-${color}`)
  else {
    const value = typeof color === 'number' ? paletteRgb(color) : color
    if (side === 'fg') inline!.color = value
    else inline!.backgroundColor = value
  }
}

/** How a style looks: class names for the themed parts, inline colours for the rest. */
export function segmentLook(style: AnsiStyle): SegmentLook {
  if (style === PLAIN) return { className: '' }
  const classes: string[] = []
  const inline: NonNullable<SegmentLook['style']> = {}
  if (style.bold) classes.push('ansi-bold')
  if (style.dim) classes.push('ansi-dim')
  if (style.italic) classes.push('ansi-italic')
  if (style.underline) classes.push('ansi-underline')
  if (style.strike) classes.push('ansi-strike')
  let { fg, bg } = style
  if (style.inverse) {
    // Inverse swaps the two; a default side becomes the log's own background or text colour.
    ;[fg, bg] = [bg, fg]
    if (fg === null) classes.push('ansi-fg-inverse')
    if (bg === null) classes.push('ansi-bg-inverse')
  }
  if (fg !== null) colourLook('fg', fg, classes, inline)
  if (bg !== null) colourLook('bg', bg, classes, inline)
  return {
    className: classes.join(' '),
    ...(Object.keys(inline).length > 0 ? { style: inline } : {})
  }
}
