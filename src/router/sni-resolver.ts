import {createHash, createPrivateKey, X509Certificate} from 'node:crypto'
import {createSecureContext, type SecureContext} from 'node:tls'

import type {ServingMaterial} from '../lib/models.js'
import {TLS_POLICY} from './tls-policy.js'

/** The router's one view of the store: what serves a hostname (the local platform's readServingMaterial). */
export type ServingLookup = (hostname: string) => Promise<ServingMaterial | undefined>

export interface SniResolution {
  context: SecureContext
  endpointName: string
}

export interface SniResolverOptions {
  lookup: ServingLookup
  /** Contexts kept (least recently used dropped first); a context is a parsed key and chain. */
  maxContexts?: number
  /** A lookup or context failure; the message never holds key material. */
  onError?: (servername: string, error: Error) => void
}

const MAX_REMEMBERED_NAMES = 10_000

/** Map as an LRU: re-inserting moves an entry to the end; the first entry is the oldest. */
function touch<K, V>(map: Map<K, V>, key: K, value: V, max: number): void {
  map.delete(key)
  map.set(key, value)
  if (map.size > max) map.delete(map.keys().next().value as K)
}

/**
 * Picks the TLS context for an SNI name. The store is asked on every handshake (one indexed lookup),
 * so a certificate added, updated or removed by another process applies to the next handshake; only
 * the parsed context is cached, keyed by the content of chain and key, so a rotated certificate can
 * never be served from the cache.
 */
export class SniResolver {
  readonly #lookup: ServingLookup
  readonly #maxContexts: number
  readonly #onError?: (servername: string, error: Error) => void
  readonly #contexts = new Map<string, SecureContext>()
  readonly #endpoints = new Map<string, string>()

  constructor(options: SniResolverOptions) {
    this.#lookup = options.lookup
    this.#maxContexts = options.maxContexts ?? 1000
    this.#onError = options.onError
  }

  /** For https.createServer's SNICallback. An unserved name gets no context, so the client gets a handshake_failure alert. */
  readonly SNICallback = (servername: string, callback: (err: Error | null, context?: SecureContext) => void): void => {
    this.resolve(servername).then(
      (resolution) => callback(null, resolution?.context),
      () => callback(null, undefined),
    )
  }

  get cachedContexts(): number {
    return this.#contexts.size
  }

  /** The endpoint that served `servername` at its latest handshake, for logs and the echo response. */
  endpointFor(servername: string): string | undefined {
    return this.#endpoints.get(servername.toLowerCase())
  }

  async resolve(servername: string): Promise<SniResolution | undefined> {
    const name = servername.toLowerCase()
    let material: ServingMaterial | undefined
    try {
      material = await this.#lookup(name)
    } catch (error) {
      this.#onError?.(name, error as Error)
    }

    if (!material) {
      this.#endpoints.delete(name)
      return undefined
    }

    const context = this.#contextFor(name, material)
    if (!context) return undefined
    touch(this.#endpoints, name, material.endpointName, MAX_REMEMBERED_NAMES)
    return {context, endpointName: material.endpointName}
  }

  #contextFor(name: string, material: ServingMaterial): SecureContext | undefined {
    const key = material.privateKey.reveal()
    // The digest stays in memory as a cache key; it is never printed.
    const id = createHash('sha256').update(material.certificateChain).update('\0').update(key).digest('base64')
    let context = this.#contexts.get(id)
    if (!context) {
      try {
        // OpenSSL would silently drop a key that does not match and fail every handshake; say why instead.
        if (!new X509Certificate(material.certificateChain).checkPrivateKey(createPrivateKey(key))) {
          throw new Error('the private key does not match the certificate')
        }

        context = createSecureContext({...TLS_POLICY, cert: material.certificateChain, key})
      } catch (error) {
        // OpenSSL's message names the problem, never the key bytes.
        this.#onError?.(name, new Error(`endpoint ${material.endpointName}: ${(error as Error).message}`))
        return undefined
      }
    }

    touch(this.#contexts, id, context, this.#maxContexts)
    return context
  }
}
