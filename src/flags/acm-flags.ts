import * as Flags from '@oclif/core/flags'

/** `--wait` and its bounds, on certs:auto and certs:auto:enable. */
export const acmWaitFlags = {
  wait: Flags.boolean({
    description:
      "watch ACM status, showing each domain's progress on stderr, until every domain has its certificate or failed",
  }),
  'wait-interval': Flags.string({
    description:
      'time between status checks with --wait, e.g. 5s (default: 0.25s on local; from 2s growing to 15s on heroku)',
    helpValue: 'DURATION',
  }),
  'wait-timeout': Flags.string({
    default: '10m',
    description: 'give up waiting after this long (exit 7, listing what is still pending), e.g. 90s, 10m',
    helpValue: 'DURATION',
  }),
}

/** How the local platform obtains certificates (certs:auto:enable); refused on heroku. */
export const acmeSettingsFlags = {
  'acme-directory': Flags.string({
    description:
      "local: RFC 8555 directory URL of the CA (letsencrypt, staging, or a URL such as pebble's or step-ca's; env: SNI_ACME_DIRECTORY; default: Let's Encrypt production)",
    helpValue: 'URL',
  }),
  challenge: Flags.option({
    description: 'local: how the CA validates each domain (default: dns-01 with --dns-hook, else http-01)',
    options: ['http-01', 'tls-alpn-01', 'dns-01'] as const,
  })(),
  'dns-hook': Flags.string({
    description:
      'local: command that publishes and cleans up DNS-01 TXT records, called as CMD publish|cleanup RECORD_NAME VALUE (also in SNI_ACME_* and CERTBOT_* variables); needed for wildcard domains',
    helpValue: 'CMD',
  }),
  'eab-hmac-key-file': Flags.string({
    description:
      'local: file holding the external account binding HMAC key (base64url) for --eab-kid (else env SNI_ACME_EAB_HMAC_KEY)',
    helpValue: 'FILE',
  }),
  'eab-kid': Flags.string({
    description: 'local: external account binding key id, for CAs that need one',
    helpValue: 'KID',
  }),
  'key-type': Flags.option({
    description: 'local: key of the issued certificates (default: ecdsa, P-256; rsa is 2048 bits)',
    options: ['ecdsa', 'rsa'] as const,
  })(),
}
