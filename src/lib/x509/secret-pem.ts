import {inspect} from 'node:util'

const REDACTED = '[REDACTED PRIVATE KEY]'

/** A run of base64 this long from a key we hold is taken for (part of) that key. */
const WINDOW = 24

/** Every WINDOW-long piece of the base64 body of each key this process holds. */
const heldKeyWindows = new Set<string>()

function rememberKey(pem: string): void {
  const body = pem.replaceAll(/-----[^-]+-----/g, '').replaceAll(/\s/g, '')
  for (let i = 0; i + WINDOW <= body.length; i++) heldKeyWindows.add(body.slice(i, i + WINDOW))
}

/** Any PEM private key block (ours or not), and a BEGIN line whose block was cut off. */
const PRIVATE_KEY_BLOCK =
  /-----BEGIN [A-Z0-9 ]*PRIVATE KEY-----(?:[\s\S]*?-----END [A-Z0-9 ]*PRIVATE KEY-----|[\s\S]*$)/g
const BASE64_RUN = /[A-Za-z0-9+/]{24,}={0,2}/g

/**
 * Removes private key material from text about to be printed: any PEM private key block, and any
 * run of base64 that contains a piece of a key this process holds (an API error that echoes the
 * uploaded key, whole, re-wrapped or cut short). For text that is not supposed to carry
 * certificates (errors, warnings): a key's public part also appears in its certificate.
 */
export function redactPrivateKeys(text: string): string {
  let out = text.includes('PRIVATE KEY-----') ? text.replaceAll(PRIVATE_KEY_BLOCK, REDACTED) : text
  if (heldKeyWindows.size === 0) return out
  out = out.replaceAll(BASE64_RUN, (run) => {
    for (let i = 0; i + WINDOW <= run.length; i++) if (heldKeyWindows.has(run.slice(i, i + WINDOW))) return REDACTED
    return run
  })
  return out
}

/** Only whole PEM private key blocks: for output that carries certificates on purpose (stdout). */
export function redactPrivateKeyBlocks(text: string): string {
  return text.includes('PRIVATE KEY-----') ? text.replaceAll(PRIVATE_KEY_BLOCK, REDACTED) : text
}

/**
 * Holds a private key's PEM text. It cannot leak by accident: JSON.stringify, String(),
 * template literals and util.inspect (console.log, debug) all show a placeholder. Only
 * `reveal()` returns the key, and only code that sends or stores the key calls it. Every key held
 * is remembered, so redactPrivateKeys can take it out of text that came back from elsewhere.
 */
export class SecretPem {
  readonly #pem: string

  /**
   * `forRedaction: false` for keys that never travel anywhere an answer could echo them (the local
   * router reads one per handshake: remembering each would only cost memory).
   */
  constructor(pem: string, options: {forRedaction?: boolean} = {}) {
    this.#pem = pem
    if (options.forRedaction !== false) rememberKey(pem)
  }

  reveal(): string {
    return this.#pem
  }

  toJSON(): string {
    return REDACTED
  }

  toString(): string {
    return REDACTED
  }

  [inspect.custom](): string {
    return REDACTED
  }
}
