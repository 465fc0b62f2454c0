// Runs in the vitest test workers of the integration project: talking to the test databases the
// way a user's client would (psql through the tunnel, a raw RESP socket for Redis), and watching
// a server's process list for a secret while something runs.
import { execFile } from 'node:child_process'
import net from 'node:net'
import type { Client } from 'ssh2'
import { execOn } from './support'

/** Runs SQL with Debian's psql against 127.0.0.1:port; the password goes in the environment. */
export function psql(port: number, db: string, password: string, sql: string): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(
      'psql',
      [
        '-h',
        '127.0.0.1',
        '-p',
        String(port),
        '-U',
        'pier',
        '-d',
        db,
        '-tAX',
        '-v',
        'ON_ERROR_STOP=1',
        '-c',
        sql
      ],
      { env: { ...process.env, PGPASSWORD: password, PGCONNECT_TIMEOUT: '10' }, timeout: 60_000 },
      (err, stdout, stderr) =>
        err ? reject(new Error(`psql: ${stderr || err.message}`)) : resolve(stdout.trim())
    )
  })
}

/** Sends Redis commands (RESP arrays) over one connection and returns the raw replies. */
export function redis(port: number, commands: string[][]): Promise<string> {
  return new Promise((resolve, reject) => {
    const sock = net.connect(port, '127.0.0.1')
    let out = ''
    const wire = commands
      .map(
        (c) => `*${c.length}\r\n` + c.map((a) => `$${Buffer.byteLength(a)}\r\n${a}\r\n`).join('')
      )
      .join('')
    sock.on('connect', () => sock.write(wire + '*1\r\n$4\r\nQUIT\r\n'))
    sock.on('data', (d) => (out += d.toString('utf8')))
    sock.on('end', () => resolve(out))
    sock.on('error', reject)
    sock.setTimeout(20_000, () => {
      sock.destroy()
      reject(new Error(`redis: no answer (got ${JSON.stringify(out)})`))
    })
  })
}

/**
 * Samples every process's command line on the server (ps) until stop() and returns whether any
 * contained `secret`, with the offending lines.
 */
export function watchPs(conn: Client, secret: string): { stop: () => Promise<string[]> } {
  let running = true
  const hits: string[] = []
  const loop = (async () => {
    while (running) {
      // A failed sample ends the watch loudly at stop(), never as a stray rejection.
      const r = await execOn(conn, 'ps -eo args').catch((err: unknown) => {
        running = false
        hits.push(`ps failed: ${String(err)}`)
        return { stdout: '' }
      })
      for (const line of r.stdout.split('\n')) if (line.includes(secret)) hits.push(line)
      await new Promise((r) => setTimeout(r, 100))
    }
  })()
  return {
    stop: async () => {
      running = false
      await loop
      return hits
    }
  }
}
