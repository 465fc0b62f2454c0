// Runs in: main, CLI, headless server.
// One place decides where Pier keeps its data, so tests and scripts can point everything at a
// throwaway folder with PIER_HOME (or the CLI's --home) and never touch the user's real state.
import os from 'node:os'
import path from 'node:path'

export interface PierPaths {
  home: string
  database: string
  /** Local copies of job logs: <jobLogs>/<server id>/<job id>.log */
  jobLogs: string
  /** The default local backup library: <backups>/<db>/<file> (pier backup pull). */
  backups: string
}

function defaultHome(): string {
  const platform = process.platform
  if (platform === 'darwin')
    return path.join(os.homedir(), 'Library', 'Application Support', 'Pier')
  if (platform === 'win32') {
    return path.join(process.env.APPDATA ?? path.join(os.homedir(), 'AppData', 'Roaming'), 'Pier')
  }
  const xdg = process.env.XDG_DATA_HOME
  return path.join(
    xdg && path.isAbsolute(xdg) ? xdg : path.join(os.homedir(), '.local', 'share'),
    'pier'
  )
}

export function resolvePaths(home?: string): PierPaths {
  const root = path.resolve(home ?? process.env.PIER_HOME ?? defaultHome())
  return {
    home: root,
    database: path.join(root, 'pier.db'),
    jobLogs: path.join(root, 'job-logs'),
    backups: path.join(root, 'backups')
  }
}
