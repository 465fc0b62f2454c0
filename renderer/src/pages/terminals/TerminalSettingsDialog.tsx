// Runs in: renderer.
// Terminal settings. Each change applies to every open terminal as it is made and is saved at
// once; a value that is not valid yet (a half-typed size) waits until it is.
import { useState, type JSX } from 'react'
import { TERMINAL_DEFAULTS } from '../../../../main/core/settings/terminal'
import { terminalSettingsActions } from '../../actions'
import { ErrorBanner } from '../../components/ErrorBanner'
import { Field } from '../../components/Field'
import { Modal } from '../../components/Modal'
import { terminalSettingsSelectors, useTerminalSettings } from '../../stores/terminal-settings'

export function TerminalSettingsDialog({ onClose }: { onClose: () => void }): JSX.Element {
  const settings = useTerminalSettings(terminalSettingsSelectors.settings)
  const error = useTerminalSettings(terminalSettingsSelectors.error)
  // Text as typed, so a field can be empty or out of range for a moment.
  const [font, setFont] = useState(settings.fontFamily)
  const [size, setSize] = useState(String(settings.fontSize))
  const [scrollback, setScrollback] = useState(String(settings.scrollback))
  const update = terminalSettingsActions.update
  return (
    <Modal labelledBy="term-settings-title" onCancel={onClose}>
      <form
        className="modal-body"
        data-testid="terminal-settings"
        onSubmit={(e) => {
          e.preventDefault()
          onClose()
        }}
      >
        <h2 id="term-settings-title" className="modal-title">
          Terminal settings
        </h2>
        <Field
          label="Font family"
          value={font}
          onValue={(v) => {
            setFont(v)
            void update({ fontFamily: v })
          }}
          help="A CSS font list; the first installed font is used."
          data-autofocus
        />
        <div className="field-row">
          <Field
            label="Font size"
            className="field-grow"
            type="number"
            min={6}
            max={48}
            value={size}
            onValue={(v) => {
              setSize(v)
              void update({ fontSize: Number(v) })
            }}
          />
          <Field
            label="Scrollback lines"
            className="field-grow"
            type="number"
            min={0}
            max={200000}
            step={1000}
            value={scrollback}
            onValue={(v) => {
              setScrollback(v)
              void update({ scrollback: Number(v) })
            }}
          />
        </div>
        <label className="checkbox">
          <input
            type="checkbox"
            checked={settings.copyOnSelect}
            onChange={(e) => void update({ copyOnSelect: e.target.checked })}
          />{' '}
          Copy text to the clipboard when it is selected
        </label>
        <label className="checkbox">
          <input
            type="checkbox"
            checked={settings.gpu}
            onChange={(e) => void update({ gpu: e.target.checked })}
          />{' '}
          Draw with the GPU (WebGL) when available
        </label>
        {error && <ErrorBanner title="The settings were not saved." error={error} />}
        <footer className="wizard-footer">
          <button
            type="button"
            className="button button-secondary"
            onClick={() => {
              setFont(TERMINAL_DEFAULTS.fontFamily)
              setSize(String(TERMINAL_DEFAULTS.fontSize))
              setScrollback(String(TERMINAL_DEFAULTS.scrollback))
              void update(TERMINAL_DEFAULTS)
            }}
          >
            Reset to defaults
          </button>
          <span className="wizard-footer-gap" />
          <button type="submit" className="button button-primary">
            Done
          </button>
        </footer>
      </form>
    </Modal>
  )
}
