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
  /**
   * A value that changes whenever the store may have changed (LocalPlatformClient#storeVersion).
   * Given, the resolver keeps an SNI map (name to resolution) and asks `lookup` again only after it
   * changed; without it every handshake asks `lookup`.
   */
  storeVersion?: () => string
}

const MAX_REMEMBERED_NAMES = 10_000
/** Names in the SNI map: a store of 10,000 endpoints with 2 domains each fits twice over. */
const MAX_MAPPED_NAMES = 50_000

/** Map as an LRU: re-inserting moves an entry to the end; the first entry is the oldest. */
function touch<K, V>(map: Map<K, V>, key: K, value: V, max: number): void {
  map.delete(key)
  map.set(key, value)
  if (map.size > max) map.delete(map.keys().next().value as K)
}

/**
 * Picks the TLS context for an SNI name. With `storeVersion`, each handshake first reads the store's
 * version (one cheap SQLite statement, no transaction): unchanged, the name's resolution comes from
 * the in-memory SNI map; changed (a certificate or domain added, updated or removed by any process,
 * or an ACM certificate installed by this one), the whole map is dropped and names are looked up
 * again, so a change still applies to the next handshake. Parsed contexts are cached by the content
 * of chain and key, so a rotated certificate is never served from a cache.
 */
export class SniResolver {
  readonly #lookup: ServingLookup
  readonly #maxContexts: number
  readonly #onError?: (servername: string, error: Error) => void
  readonly #contexts = new Map<string, SecureContext>()
  readonly #endpoints = new Map<string, string>()
  readonly #storeVersion?: () => string
  /** Name to resolution (null: not served) as of #mappedVersion. */
  readonly #map = new Map<string, SniResolution | null>()
  #mappedVersion: string | undefined

  constructor(options: SniResolverOptions) {
    this.#lookup = options.lookup
    this.#maxContexts = options.maxContexts ?? 1000
    this.#onError = options.onError
    this.#storeVersion = options.storeVersion
  }

  /** For https.createServer's SNICallback. An unserved name gets no context, so the client gets a handshake_failure alert. */
  readonly SNICallback = (servername: string, callback: (err: Error | null, context?: SecureContext) => void): void => {
    const mapped = this.#mapped(servername.toLowerCase())
    if (mapped !== undefined) {
      callback(null, mapped?.context)
      return
    }

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
    const name = servername.toLowerCase()
    return this.#map.get(name)?.endpointName ?? this.#endpoints.get(name)
  }

  async resolve(servername: string): Promise<SniResolution | undefined> {
    const name = servername.toLowerCase()
    const mapped = this.#mapped(name)
    if (mapped !== undefined) return mapped ?? undefined
    const version = this.#mappedVersion
    let material: ServingMaterial | undefined
    try {
      material = await this.#lookup(name)
    } catch (error) {
      // A busy or failing store is not an answer to remember.
      this.#onError?.(name, error as Error)
      return undefined
    }

    if (!material) {
      this.#endpoints.delete(name)
      this.#remember(name, version, null)
      return undefined
    }

    const context = this.#contextFor(name, material)
    if (!context) return undefined // not remembered: said again at the next handshake
    touch(this.#endpoints, name, material.endpointName, MAX_REMEMBERED_NAMES)
    const resolution = {context, endpointName: material.endpointName}
    this.#remember(name, version, resolution)
    return resolution
  }

  /** Into the SNI map, unless the store changed while the name was looked up (the lookup may be asynchronous). */
  #remember(name: string, version: string | undefined, resolution: SniResolution | null): void {
    if (this.#storeVersion && version !== undefined && version === this.#mappedVersion)
      touch(this.#map, name, resolution, MAX_MAPPED_NAMES)
  }

  /** The name's resolution from the SNI map (null: not served); undefined when it must be looked up. */
  #mapped(name: string): SniResolution | null | undefined {
    if (!this.#storeVersion) return undefined
    let version: string
    try {
      version = this.#storeVersion()
    } catch (error) {
      this.#onError?.(name, error as Error)
      this.#map.clear()
      this.#mappedVersion = undefined
      return undefined
    }

    if (version !== this.#mappedVersion) {
      this.#map.clear()
      this.#mappedVersion = version
      return undefined
    }

    return this.#map.get(name)
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
