import type forge from 'node-forge'
import asn1Module from 'node-forge/lib/asn1.js'

/**
 * forge's ASN.1 reader and writer, loaded without the rest of node-forge (start-up time is
 * benchmarked). It works for every key type, unlike forge's RSA-only X.509 layer.
 */
export const asn1 = asn1Module

export type Asn1 = forge.asn1.Asn1

export interface FromDerOptions {
  decodeBitStrings?: boolean
  maxDepth?: number
  parseAllBytes?: boolean
  strict?: boolean
}

// @types/node-forge lags forge 1.x: fromDer takes an options object (strict, parseAllBytes, maxDepth).
export const fromDer = asn1.fromDer as unknown as (bytes: string, options: FromDerOptions) => Asn1
