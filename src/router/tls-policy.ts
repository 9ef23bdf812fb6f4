import type {SecureContextOptions} from 'node:tls'

/**
 * Mozilla's "intermediate" TLS configuration (TLS 1.2 and 1.3). TLS 1.3 suites are OpenSSL's
 * defaults, which are the same list. The client picks the cipher (honorCipherOrder false), as Mozilla
 * recommends when every offered cipher is strong.
 */
export const MOZILLA_INTERMEDIATE_CIPHERS = [
  'ECDHE-ECDSA-AES128-GCM-SHA256',
  'ECDHE-RSA-AES128-GCM-SHA256',
  'ECDHE-ECDSA-AES256-GCM-SHA384',
  'ECDHE-RSA-AES256-GCM-SHA384',
  'ECDHE-ECDSA-CHACHA20-POLY1305',
  'ECDHE-RSA-CHACHA20-POLY1305',
  'DHE-RSA-AES128-GCM-SHA256',
  'DHE-RSA-AES256-GCM-SHA384',
  'DHE-RSA-CHACHA20-POLY1305',
].join(':')

/**
 * Applied to the server and to every per-endpoint context: OpenSSL keeps the protocol range and
 * cipher list of the context a connection started with, so both must agree.
 */
export const TLS_POLICY = {
  ciphers: MOZILLA_INTERMEDIATE_CIPHERS,
  // ffdhe2048 for the DHE suites, as Mozilla's intermediate profile uses.
  dhparam: 'auto',
  honorCipherOrder: false,
  maxVersion: 'TLSv1.3',
  minVersion: 'TLSv1.2',
} as const satisfies SecureContextOptions
