import * as Flags from '@oclif/core/flags'

/** Flags shared by every command that reads certificate and key files. */
export const inputFlags = {
  at: Flags.string({
    description:
      'judge the chain at this time instead of now, e.g. before a renewal deadline (ISO 8601: 2026-12-01 or 2026-12-01T09:30:00Z)',
  }),
  ca: Flags.string({
    description: 'extra trusted root or intermediate certificate file for the trust check (repeatable)',
    multiple: true,
  }),
  hostname: Flags.string({
    description: 'a name (or IP address) the certificate must cover, checked as browsers do (RFC 6125; repeatable)',
    multiple: true,
  }),
  'passphrase-file': Flags.string({
    description:
      'file whose first line is the passphrase of an encrypted key or PKCS#12 bundle (else SNI_KEY_PASSPHRASE, else a prompt on a terminal)',
  }),
  strict: Flags.boolean({description: 'treat warnings (SHA-1, RSA over 4096 bits, ...) as errors'}),
}
