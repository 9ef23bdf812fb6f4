import {createRequire} from 'node:module'

import type forge from 'node-forge'

// Loaded with require, not import: an ESM import of this CommonJS module makes Node lex its
// sources for named exports, which costs ~20 ms at start-up; require costs ~3 ms.
const require = createRequire(import.meta.url)

/**
 * forge's ASN.1 reader and writer, loaded without the rest of node-forge (start-up time is
 * benchmarked). It works for every key type, unlike forge's RSA-only X.509 layer.
 */
export const asn1: typeof forge.asn1 = require('node-forge/lib/asn1.js')

export type Asn1 = forge.asn1.Asn1

export interface FromDerOptions {
  decodeBitStrings?: boolean
  maxDepth?: number
  parseAllBytes?: boolean
  strict?: boolean
}

// @types/node-forge lags forge 1.x: fromDer takes an options object (strict, parseAllBytes, maxDepth).
export const fromDer = asn1.fromDer as unknown as (bytes: string, options: FromDerOptions) => Asn1
