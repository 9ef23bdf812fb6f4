import {createPrivateKey} from 'node:crypto'

import {parseCertificateDer} from '../../src/lib/x509/parse-certificate.js'
import {describePublicKey} from '../../src/lib/x509/public-key-info.js'
import {SecretPem} from '../../src/lib/x509/secret-pem.js'
import type {ParsedCertificate, ParsedPrivateKey} from '../../src/lib/x509/types.js'
import {readFixture} from './fixtures.js'

const CERT_BLOCK = /-----BEGIN CERTIFICATE-----([\s\S]*?)-----END CERTIFICATE-----/g

/** Every certificate block of a PEM fixture, parsed as the decoder would hand it over. */
export function loadFixtureCertificates(...names: string[]): ParsedCertificate[] {
  const out: ParsedCertificate[] = []
  for (const name of names) {
    const text = readFixture(name).toString('utf8')
    let index = 0
    for (const match of text.matchAll(CERT_BLOCK)) {
      out.push(parseCertificateDer(Buffer.from(match[1] ?? '', 'base64'), name, index++))
    }
  }

  return out
}

/** The single certificate of a fixture. */
export function loadFixtureCertificate(name: string): ParsedCertificate {
  const [cert] = loadFixtureCertificates(name)
  if (!cert) throw new Error(`no certificate in fixture ${name}`)
  return cert
}

/** An unencrypted private-key fixture as a ParsedPrivateKey. */
export function loadFixtureKey(name: string): ParsedPrivateKey {
  const keyObject = createPrivateKey(readFixture(name))
  const pem = keyObject.export({format: 'pem', type: 'pkcs8'}).toString()
  return {format: 'pkcs8', info: describePublicKey(keyObject), keyObject, pem: new SecretPem(pem), source: name}
}
