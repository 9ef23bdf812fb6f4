import {inspect} from 'node:util'

const REDACTED = '[REDACTED PRIVATE KEY]'

/**
 * Holds a private key's PEM text. It cannot leak by accident: JSON.stringify, String(),
 * template literals and util.inspect (console.log, debug) all show a placeholder. Only
 * `reveal()` returns the key, and only code that sends or stores the key calls it.
 */
export class SecretPem {
  readonly #pem: string

  constructor(pem: string) {
    this.#pem = pem
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
