// Runs in: renderer.
// Opening a link from terminal output: http(s) only (the same check main applies again), to the
// system browser through main when there is one, else a new browser tab without an opener.
import { isWebUrl } from '../../../main/core/links'

export { isWebUrl }

export interface LinkOpener {
  /** `system.openExternal`: true when main handed the URL to the system browser. */
  openExternal(url: string): Promise<boolean>
  /** The page's own fallback (`window.open` with noopener). */
  openInPage(url: string): void
}

/** Returns how the link was opened, or 'refused' for anything but an http(s) URL. */
export async function openTerminalLink(
  url: string,
  opener: LinkOpener
): Promise<'external' | 'page' | 'refused'> {
  if (!isWebUrl(url)) return 'refused'
  if (await opener.openExternal(url)) return 'external'
  opener.openInPage(url)
  return 'page'
}
