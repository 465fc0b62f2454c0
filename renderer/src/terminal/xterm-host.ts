// Runs in: renderer.
// One xterm.js terminal and its addons, independent of React and of any session:
// - fit to its element, at most every RESIZE_MS while the element changes size, and never while
//   hidden (a hidden element measures 0×0, which would shrink the remote pty to 2×1);
// - WebGL while visible and enabled, the DOM renderer otherwise: a hidden tab gives its WebGL
//   context back (browsers cap live contexts at ~16), and a lost context falls back to the DOM
//   renderer at once, trying WebGL again the next time the tab is shown, a few times at most;
// - search, http(s) links, Unicode 11 widths, copy of the selection.
// `data-renderer`, `data-cols` and `data-rows` on the element say what it is doing, for tests
// and for anyone inspecting a bug report.
import { FitAddon } from '@xterm/addon-fit'
import { SearchAddon } from '@xterm/addon-search'
import { Unicode11Addon } from '@xterm/addon-unicode11'
import { WebglAddon } from '@xterm/addon-webgl'
import { WebLinksAddon } from '@xterm/addon-web-links'
import { Terminal, type IDisposable, type ITheme } from '@xterm/xterm'
import type { TerminalSettings } from '../../../main/core/settings/terminal'
import { throttle, type Throttled } from '../lib/throttle'

const RESIZE_MS = 100
const MAX_CONTEXT_LOSSES = 3

export interface XtermHostOptions {
  settings: TerminalSettings
  theme: ITheme
  /** Keys the page handles instead of the terminal (return true to take the key away). */
  takesKey: (e: KeyboardEvent) => boolean
  onLink: (url: string) => void
}

export class XtermHost {
  readonly term: Terminal
  private readonly fitAddon = new FitAddon()
  private readonly search = new SearchAddon()
  private webgl: WebglAddon | null = null
  private contextLosses = 0
  private visible = false
  private gpu: boolean
  private copyOnSelect: boolean
  private readonly fitSoon: Throttled
  private readonly observer: ResizeObserver
  private readonly disposables: IDisposable[] = []

  constructor(
    private readonly el: HTMLElement,
    options: XtermHostOptions
  ) {
    const s = options.settings
    this.gpu = s.gpu
    this.copyOnSelect = s.copyOnSelect
    this.term = new Terminal({
      fontFamily: s.fontFamily,
      fontSize: s.fontSize,
      scrollback: s.scrollback,
      theme: options.theme,
      cursorBlink: true,
      // Needed by the Unicode 11 addon (term.unicode).
      allowProposedApi: true,
      macOptionIsMeta: false,
      rightClickSelectsWord: true
    })
    this.term.loadAddon(this.fitAddon)
    this.term.loadAddon(this.search)
    this.term.loadAddon(new Unicode11Addon())
    this.term.unicode.activeVersion = '11'
    this.term.loadAddon(
      new WebLinksAddon((event, uri) => {
        event.preventDefault()
        options.onLink(uri)
      })
    )
    this.term.attachCustomKeyEventHandler((e) => !options.takesKey(e))
    this.term.open(el)
    this.disposables.push(
      this.term.onSelectionChange(() => {
        if (this.copyOnSelect && this.term.hasSelection()) void this.copy()
      }),
      this.term.onResize(({ cols, rows }) => this.mark(cols, rows))
    )
    this.fitSoon = throttle(() => this.fit(), RESIZE_MS)
    this.observer = new ResizeObserver(() => this.fitSoon())
    this.observer.observe(el)
    this.mark(this.term.cols, this.term.rows)
    this.el.dataset.renderer = 'dom'
  }

  /** Fits the terminal to its element now (no-op while hidden). */
  fit(): void {
    if (!this.visible || this.el.clientWidth === 0 || this.el.clientHeight === 0) return
    this.fitAddon.fit()
  }

  setVisible(visible: boolean): void {
    if (this.visible === visible) return
    this.visible = visible
    if (visible) {
      this.fit()
      this.syncRenderer()
    } else {
      this.dropWebgl()
    }
  }

  applySettings(s: TerminalSettings): void {
    const o = this.term.options
    if (o.fontFamily !== s.fontFamily) o.fontFamily = s.fontFamily
    if (o.fontSize !== s.fontSize) o.fontSize = s.fontSize
    if (o.scrollback !== s.scrollback) o.scrollback = s.scrollback
    this.copyOnSelect = s.copyOnSelect
    if (this.gpu !== s.gpu) {
      this.gpu = s.gpu
      this.contextLosses = 0
      this.syncRenderer()
    }
    // A new font changes the cell size, and so how many columns fit.
    this.fitSoon()
  }

  setTheme(theme: ITheme): void {
    this.term.options.theme = theme
  }

  find(text: string, backwards = false): boolean {
    if (!text) {
      this.search.clearDecorations()
      this.term.clearSelection()
      return false
    }
    const opts = { incremental: !backwards }
    return backwards ? this.search.findPrevious(text, opts) : this.search.findNext(text, opts)
  }

  clearSearch(): void {
    this.search.clearDecorations()
  }

  /** Copies the selection; true when there was one and the clipboard took it. */
  async copy(): Promise<boolean> {
    const text = this.term.getSelection()
    if (!text) return false
    try {
      await navigator.clipboard.writeText(text)
      return true
    } catch {
      // No clipboard permission (or no focus): the copy command goes through xterm's own
      // copy handler on its textarea, which fills the event's clipboardData.
      this.term.focus()
      return document.execCommand('copy')
    }
  }

  focus(): void {
    this.term.focus()
  }

  dispose(): void {
    this.fitSoon.cancel()
    this.observer.disconnect()
    this.disposables.forEach((d) => d.dispose())
    this.dropWebgl()
    this.term.dispose()
  }

  private mark(cols: number, rows: number): void {
    this.el.dataset.cols = String(cols)
    this.el.dataset.rows = String(rows)
  }

  private syncRenderer(): void {
    const want = this.gpu && this.visible && this.contextLosses < MAX_CONTEXT_LOSSES
    if (want && !this.webgl) this.addWebgl()
    else if (!want) this.dropWebgl()
  }

  private addWebgl(): void {
    let addon: WebglAddon | null = null
    try {
      addon = new WebglAddon()
      const loss = addon.onContextLoss(() => {
        loss.dispose()
        this.contextLosses++
        this.dropWebgl()
      })
      this.term.loadAddon(addon)
      this.webgl = addon
      this.el.dataset.renderer = 'webgl'
    } catch {
      // No WebGL2 here (no GPU, blocklisted driver): the DOM renderer stays.
      addon?.dispose()
      this.contextLosses = MAX_CONTEXT_LOSSES
      this.el.dataset.renderer = 'dom'
    }
  }

  private dropWebgl(): void {
    const addon = this.webgl
    this.webgl = null
    this.el.dataset.renderer = 'dom'
    addon?.dispose()
  }
}
