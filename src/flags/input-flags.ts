import * as Flags from '@oclif/core/flags'

/** Flags shared by every command that reads certificate and key files. */
export const inputFlags = {
  ca: Flags.string({
    description: 'extra trusted root or intermediate certificate file for the trust check (repeatable)',
    multiple: true,
  }),
  'passphrase-file': Flags.string({
    description: 'file whose first line is the passphrase of an encrypted key or PKCS#12 bundle (else SNI_KEY_PASSPHRASE, else a prompt on a terminal)',
  }),
  strict: Flags.boolean({description: 'treat warnings (SHA-1, RSA over 4096 bits, ...) as errors'}),
}
