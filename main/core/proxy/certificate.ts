// Runs in: main, CLI, headless server.
// A custom certificate from a PEM file: the chain and its private key (one file, or two), checked
// here so a wrong pair never reaches the proxy. The combined PEM is what the keychain keeps and
// what the server gets (a 0600 file, over stdin).
import { createPrivateKey, X509Certificate } from 'node:crypto'
import { PierError } from '../errors'

const BLOCK = /-----BEGIN ([A-Z0-9 ]+)-----\r?\n[\s\S]*?-----END \1-----/g

export function combinedPem(domain: string, certText: string, keyText = ''): string {
  const blocks = [...`${certText}\n${keyText}`.matchAll(BLOCK)]
  const certs = blocks.filter((b) => b[1] === 'CERTIFICATE').map((b) => b[0])
  const keys = blocks.filter((b) => b[1]?.endsWith('PRIVATE KEY')).map((b) => b[0])
  const bad = (why: string): never => {
    throw new PierError(
      'invalid_input',
      `The certificate for ${domain} is unusable: ${why}`,
      'Give a PEM file with the certificate chain and its private key (unencrypted).'
    )
  }
  if (certs.length === 0) bad('no CERTIFICATE block found.')
  if (keys.length !== 1) bad(`expected one PRIVATE KEY block, found ${keys.length}.`)
  let cert: X509Certificate
  try {
    cert = new X509Certificate(certs[0] as string)
  } catch {
    return bad('the first certificate cannot be parsed.')
  }
  try {
    if (!cert.checkPrivateKey(createPrivateKey(keys[0] as string)))
      bad('the private key does not belong to the certificate.')
  } catch (err) {
    if (err instanceof PierError) throw err
    bad('the private key cannot be read (is it encrypted?).')
  }
  if (cert.checkHost(domain) === undefined) bad(`the certificate does not cover ${domain}.`)
  if (Date.parse(cert.validTo) < Date.now()) bad(`it expired on ${cert.validTo}.`)
  return [...certs, keys[0]].join('\n') + '\n'
}
