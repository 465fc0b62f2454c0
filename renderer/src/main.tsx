// Runs in: renderer.
// Entry point: styles, then React. StrictMode double-runs effects in development, which keeps
// the stream cleanups honest.
import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import { App } from './App'
import '@xterm/xterm/css/xterm.css'
import './styles/theme.css'
import './styles/base.css'
import './styles/layout.css'
import './styles/components.css'
import './styles/servers.css'
import './styles/log.css'
import './styles/jobs.css'
import './styles/terminals.css'
import './styles/monitoring.css'
import './styles/containers.css'
import './styles/stacks.css'
import './styles/apps.css'
import './styles/clusters.css'
import './styles/databases.css'

const root = document.getElementById('root')
if (!root) throw new Error('index.html has no #root element')

createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>
)
