// `npm start`: installs what is missing, builds, and opens Pier's desktop window. Where the
// Electron binary cannot be had (no download, as on CI machines) it says so in one line and
// starts `pier serve` instead, printing the URL to open.
import { spawn, spawnSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm'
const run = (cmd, args, env = {}) => {
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', env: { ...process.env, ...env } })
  if (r.status !== 0) process.exit(r.status ?? 1)
}
const quiet = (cmd, args, env = {}) =>
  spawnSync(cmd, args, { cwd: root, encoding: 'utf8', env: { ...process.env, ...env } })

function ensureDependencies() {
  const marker = path.join(root, 'node_modules/.package-lock.json')
  const lock = path.join(root, 'package-lock.json')
  if (fs.existsSync(marker) && fs.statSync(marker).mtimeMs >= fs.statSync(lock).mtimeMs) return
  console.log('pier: installing dependencies (npm ci)…')
  // The Electron binary is fetched separately below, so a machine without that download still
  // gets a working install.
  run(npm, ['ci', '--no-audit', '--no-fund'], { ELECTRON_SKIP_BINARY_DOWNLOAD: '1' })
}

function electronBinary() {
  const pkg = path.join(root, 'node_modules/electron')
  const have = () =>
    fs.existsSync(path.join(pkg, 'path.txt')) && fs.existsSync(path.join(pkg, 'dist'))
  if (!have() && !process.env.ELECTRON_SKIP_BINARY_DOWNLOAD) {
    const r = quiet(process.execPath, [path.join(pkg, 'install.js')])
    if (r.status !== 0) {
      const why = (r.stderr || r.stdout || '')
        .split('\n')
        .find((l) => /Error|ENOTFOUND|EAI_AGAIN/.test(l))
      return { ok: false, why: why?.trim() || 'download failed' }
    }
  }
  if (!have()) return { ok: false, why: 'ELECTRON_SKIP_BINARY_DOWNLOAD is set' }
  const exe = path.join(pkg, 'dist', fs.readFileSync(path.join(pkg, 'path.txt'), 'utf8'))
  return fs.existsSync(exe) ? { ok: true, exe } : { ok: false, why: `${exe} is missing` }
}

// better-sqlite3 in node_modules stays built for Node (tests and the CLI use it). The window
// gets its own copy built for Electron's ABI in .native/, handed over by PIER_SQLITE_BINDING.
function electronSqlite() {
  // The version Electron reports as `--version` under ELECTRON_RUN_AS_NODE is its Node's, so
  // take Electron's own from its package.
  const version = JSON.parse(
    fs.readFileSync(path.join(root, 'node_modules/electron/package.json'), 'utf8')
  ).version
  const dir = path.join(root, '.native', `electron-${version}`)
  const binding = path.join(dir, 'better-sqlite3/build/Release/better_sqlite3.node')
  if (fs.existsSync(binding)) return binding
  console.log(`pier: building better-sqlite3 for Electron ${version} (once)…`)
  const source = path.join(root, 'node_modules/better-sqlite3')
  fs.rmSync(dir, { recursive: true, force: true })
  fs.mkdirSync(dir, { recursive: true })
  fs.cpSync(source, path.join(dir, 'better-sqlite3'), {
    recursive: true,
    filter: (src) => path.relative(source, src).split(path.sep)[0] !== 'build'
  })
  const gyp = path.join(
    path.dirname(process.execPath),
    '../lib/node_modules/npm/node_modules/node-gyp/bin/node-gyp.js'
  )
  const args = [
    'rebuild',
    '--release',
    `--target=${version}`,
    '--runtime=electron',
    '--dist-url=https://electronjs.org/headers'
  ]
  const r = fs.existsSync(gyp)
    ? spawnSync(process.execPath, [gyp, ...args], {
        cwd: path.join(dir, 'better-sqlite3'),
        stdio: 'inherit'
      })
    : spawnSync('npx', ['--yes', 'node-gyp', ...args], {
        cwd: path.join(dir, 'better-sqlite3'),
        stdio: 'inherit'
      })
  if (r.status !== 0 || !fs.existsSync(binding)) {
    fs.rmSync(dir, { recursive: true, force: true })
    throw new Error('could not build better-sqlite3 for Electron (Electron headers unreachable?)')
  }
  return binding
}

function serveInstead(why) {
  console.log(
    `pier: cannot open the desktop window (${why}); starting \`pier serve\` instead, open the URL below.`
  )
  const child = spawn(
    process.execPath,
    [path.join(root, 'bin/pier.js'), 'serve', ...process.argv.slice(2)],
    { stdio: 'inherit' }
  )
  for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig))
  child.on('exit', (code) => process.exit(code ?? 0))
}

function hasDisplay() {
  if (process.platform !== 'linux') return true
  return Boolean(process.env.DISPLAY || process.env.WAYLAND_DISPLAY)
}

ensureDependencies()
run(npm, ['run', '-s', 'build'])

const electron = electronBinary()
if (!electron.ok) serveInstead(`no Electron binary: ${electron.why}`)
else if (!hasDisplay()) serveInstead('no display: DISPLAY and WAYLAND_DISPLAY are unset')
else {
  let binding
  try {
    binding = electronSqlite()
  } catch (err) {
    binding = null
    serveInstead(err.message)
  }
  if (binding) {
    const started = Date.now()
    const child = spawn(electron.exe, [root], {
      stdio: 'inherit',
      env: { ...process.env, PIER_SQLITE_BINDING: binding }
    })
    child.on('error', (err) => serveInstead(`Electron did not start: ${err.message}`))
    child.on('exit', (code) => {
      // A crash within seconds of launch is a broken Electron, not a user closing the window.
      if (code !== 0 && Date.now() - started < 5000)
        serveInstead(`Electron exited with code ${code}`)
      else process.exit(code ?? 0)
    })
  }
}
