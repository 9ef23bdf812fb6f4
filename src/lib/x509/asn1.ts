import {createRequire} from 'node:module'

import type forge from 'node-forge'

// Loaded with require, not import: an ESM import of this CommonJS module makes Node lex its
// sources for named exports, which costs ~20 ms at start-up; require costs ~3 ms.
const require = createRequire(import.meta.url)

let loaded: typeof forge.asn1 | undefined
/** forge's asn1 module, required on first use: the command registry imports this module for every command. */
const load = (): typeof forge.asn1 => (loaded ??= require('node-forge/lib/asn1.js') as typeof forge.asn1)

/**
 * forge's ASN.1 reader and writer, loaded without the rest of node-forge (start-up time is
 * benchmarked), and only when a property is first read (forge's asn1 functions never use `this`).
 * It works for every key type, unlike forge's RSA-only X.509 layer.
 */
export const asn1: typeof forge.asn1 = new Proxy({} as typeof forge.asn1, {
  get: (_, key) => Reflect.get(load(), key),
})

export type Asn1 = forge.asn1.Asn1

/**
 * ASN.1 tag classes and universal tag numbers (X.680), the values of forge's asn1.Class and
 * asn1.Type (test/lib/x509/asn1.test.ts compares them), so that a module's constant tables can use
 * them without loading forge at start-up.
 */
export const Class = {APPLICATION: 0x40, CONTEXT_SPECIFIC: 0x80, PRIVATE: 0xc0, UNIVERSAL: 0x00} as const
export const Type = {
  BITSTRING: 3,
  BMPSTRING: 30,
  BOOLEAN: 1,
  EMBEDDED: 11,
  ENUMERATED: 10,
  EXTERNAL: 8,
  GENERALIZEDTIME: 24,
  IA5STRING: 22,
  INTEGER: 2,
  NONE: 0,
  NULL: 5,
  OCTETSTRING: 4,
  ODESC: 7,
  OID: 6,
  PRINTABLESTRING: 19,
  REAL: 9,
  ROID: 13,
  SEQUENCE: 16,
  SET: 17,
  UTCTIME: 23,
  UTF8: 12,
} as const

export interface FromDerOptions {
  decodeBitStrings?: boolean
  maxDepth?: number
  parseAllBytes?: boolean
  strict?: boolean
}

// @types/node-forge lags forge 1.x: fromDer takes an options object (strict, parseAllBytes, maxDepth).
export const fromDer = (bytes: string, options: FromDerOptions): Asn1 =>
  (load().fromDer as unknown as (bytes: string, options: FromDerOptions) => Asn1)(bytes, options)
