import {createSecureContext, type SecureContext} from 'node:tls'

import type {SecretPem} from '../lib/x509/secret-pem.js'
import type {ChallengeResponder} from '../platform/local/acme-issuer.js'

/** RFC 8737: the ALPN protocol a TLS-ALPN-01 validation offers (and the only one it offers). */
export const ACME_TLS_ALPN_PROTOCOL = 'acme-tls/1'

/** RFC 8555 section 8.3: where HTTP-01 looks. Tokens are base64url. */
const HTTP01_PATH = /^\/\.well-known\/acme-challenge\/([A-Za-z0-9_-]+)$/

/**
 * The challenges in flight, in the router's memory (the ACM worker runs in the same process): HTTP-01
 * key authorizations by token, and TLS-ALPN-01 validation certificates by hostname. An entry lives
 * from just before the worker asks the CA to validate until the validation ends (the CA validates
 * from several places at once, so an answer is not removed when first served).
 */
export class AcmeChallengeResponder implements ChallengeResponder {
  readonly #http01 = new Map<string, string>()
  readonly #alpn = new Map<string, SecureContext>()

  addHttp01(token: string, keyAuthorization: string): void {
    this.#http01.set(token, keyAuthorization)
  }

  removeHttp01(token: string): void {
    this.#http01.delete(token)
  }

  addTlsAlpn01(hostname: string, certificatePem: string, keyPem: SecretPem): void {
    this.#alpn.set(
      hostname.toLowerCase(),
      createSecureContext({cert: certificatePem, key: keyPem.reveal(), maxVersion: 'TLSv1.3', minVersion: 'TLSv1.2'}),
    )
  }

  removeTlsAlpn01(hostname: string): void {
    this.#alpn.delete(hostname.toLowerCase())
  }

  /** The key authorization for a request path, if it is a pending HTTP-01 challenge. */
  http01Answer(path: string | undefined): string | undefined {
    const token = HTTP01_PATH.exec((path ?? '').split('?')[0] ?? '')?.[1]
    return token === undefined ? undefined : this.#http01.get(token)
  }

  /** The validation certificate's context for a hostname with a pending TLS-ALPN-01 challenge. */
  alpnContext(hostname: string | undefined): SecureContext | undefined {
    return hostname === undefined ? undefined : this.#alpn.get(hostname.toLowerCase())
  }
}
