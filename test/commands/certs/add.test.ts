import assert from 'node:assert/strict'
import {X509Certificate} from 'node:crypto'

import type {CertsAddResult} from '../../../src/commands/certs/add.js'
import type {Domain, SniEndpoint} from '../../../src/lib/models.js'
import {fixturePassphrase, readFixture} from '../../helpers/fixtures.js'
import {herokuDate} from '../../helpers/heroku-format.js'
import {readLocalApp, seedLocalDomains, storeSnapshot, useLocalSni} from '../../helpers/local-store.js'
import {assertSchemaRefusesPrivateKeys, parseJsonError, parseJsonOutput} from '../../helpers/json-schema.js'
import {oneLine} from '../../helpers/run-sni.js'

const KEY_FILES = ['leaf-rsa2048.key', 'wildcard.key', 'expired.key', 'leaf-rsa4096.key', 'key-rsa-pkcs8-encrypted.pem']
const SECRETS = [...KEY_FILES.map((name) => readFixture(name).toString('utf8')), fixturePassphrase]
const LEAF_SUBJECT = '/C=US/ST=California/L=San Francisco/O=Example Inc/CN=www.example.com'
const ISSUER = '/C=US/O=Fixture Trust/CN=Fixture Intermediate CA'

function details(crt: string, names: string[], subject: string, name: string): string[] {
  const cert = new X509Certificate(readFixture(crt))
  return [
    'Certificate details:',
    `Name:           ${name}`,
    `Common Name(s): ${names[0]}`,
    ...names.slice(1).map((n) => `                ${n}`),
    `Expires At:     ${herokuDate(cert.validTo)}`,
    `Issuer:         ${ISSUER}`,
    `Starts At:      ${herokuDate(cert.validFrom)}`,
    `Subject:        ${subject}`,
    'SSL certificate is not trusted.',
  ]
}

describe('certs:add', () => {
  const local = useLocalSni('sni-certs-add-', SECRETS)
  const {sni} = local
  /** Adds the app's domains through the platform client; returns them by hostname. */
  const seedDomains = (app: string, hostnames: string[]): Promise<Map<string, Domain>> =>
    seedLocalDomains(local.home, app, hostnames)

  const listStore = (app: string): Promise<{domains: Domain[]; endpoints: SniEndpoint[]}> =>
    readLocalApp(local.home, app)

  beforeEach(() => {})

  it('adds the certificate, associates --domains and prints the details and each DNS target', async () => {
    const domains = await seedDomains('shop', ['www.example.com', 'example.com', 'api.example.com'])
    const [run, encrypted] = await Promise.all([
      sni(
        'certs:add',
        'chain-in-order.pem',
        'leaf-rsa2048.key',
        '--app',
        'shop',
        '--ca',
        'root-ca.crt',
        '--domains',
        'www.example.com,EXAMPLE.com',
      ),
      sni(
        'certs:add',
        'chain-in-order.pem',
        'key-rsa-pkcs8-encrypted.pem',
        '--app',
        'other-app',
        '--ca',
        'root-ca.crt',
        '--passphrase-file',
        'passphrase.txt',
        '--json',
      ),
    ])
    assert.equal(run.exitCode, 0, run.stderr)
    const www = domains.get('www.example.com')?.cname
    const apex = domains.get('example.com')?.cname
    const [added] = (await listStore('shop')).endpoints
    assert.equal(
      run.stdout,
      [
        ...details('leaf-rsa2048.crt', ['www.example.com', 'example.com'], LEAF_SUBJECT, added?.name ?? ''),
        'Domains now using this certificate:',
        `  ✓ www.example.com  CNAME           ${www}`,
        `  ✓ example.com      ALIAS or ANAME  ${apex}`,
        "Point each domain's DNS record at its target; until then, browsers do not reach this certificate.",
        '',
      ].join('\n'),
    )
    assert.equal(run.stderr, 'Adding SSL certificate to shop... done\n')

    const {domains: after, endpoints} = await listStore('shop')
    assert.equal(endpoints.length, 1)
    const [endpoint] = endpoints as [SniEndpoint]
    assert.deepEqual(endpoint.domainIds, [domains.get('www.example.com')?.id, domains.get('example.com')?.id])
    assert.deepEqual(
      after.map((d) => [d.hostname, d.sniEndpoint?.name ?? null]),
      [
        ['www.example.com', endpoint.name],
        ['example.com', endpoint.name],
        ['api.example.com', null],
      ],
    )

    // An encrypted key opens with --passphrase-file; the app is created by the certificate.
    assert.equal(encrypted.exitCode, 0, encrypted.stderr)
    const result = parseJsonOutput<CertsAddResult>('certs-add', encrypted.stdout)
    assertSchemaRefusesPrivateKeys('certs-add', result)
    assert.equal(result.dryRun, false)
    assert.deepEqual([result.associations, result.matchingDomains, result.plannedDomains], [[], [], []])
    assert.equal(result.endpoint?.app.name, 'other-app')
    assert.equal(result.endpoint?.sni.keyType, 'RSA 2048')
    assert.deepEqual(result.endpoint?.domains, [])
  })

  it('associates every covered domain with --all-matching, never www.example.community or api.example.com.evil.net', async () => {
    const hostnames = [
      'www.example.com',
      'www.example.community',
      'api.example.com.evil.net',
      'deep.www.example.com',
      'api.example.com',
      'example.com',
    ]
    const domains = await seedDomains('shop', hostnames)
    const run = await sni(
      'certs:add',
      'chain-wildcard.pem',
      'wildcard.key',
      '--app',
      'shop',
      '--ca',
      'root-ca.crt',
      '--all-matching',
      '--json',
    )
    assert.equal(run.exitCode, 0, run.stderr)
    assert.equal(run.stderr, 'Adding SSL certificate to shop... done\n')
    const result = parseJsonOutput<CertsAddResult>('certs-add', run.stdout)
    assertSchemaRefusesPrivateKeys('certs-add', result)
    const covered = ['www.example.com', 'api.example.com', 'example.com']
    assert.deepEqual(result.matchingDomains, covered)
    assert.deepEqual(result.plannedDomains, covered)
    assert.deepEqual(
      result.associations,
      covered.map((hostname) => ({
        cname: domains.get(hostname)?.cname,
        domainId: domains.get(hostname)?.id,
        hostname,
        ok: true,
      })),
    )
    assert.deepEqual(result.findings, [])
    // Heroku's shape: `domains` holds ids; sni adds the hostnames it associated.
    assert.deepEqual(
      result.endpoint?.domains,
      covered.map((h) => domains.get(h)?.id),
    )
    assert.deepEqual(result.endpoint?.sni.domainHostnames, covered)
    assert.deepEqual(result.endpoint?.ssl_cert?.cert_domains, ['*.example.com', 'example.com'])

    const {domains: after} = await listStore('shop')
    const uncovered = after.filter((d) => !covered.includes(d.hostname))
    assert.deepEqual(
      uncovered.map((d) => [d.hostname, d.sniEndpoint]),
      [
        ['www.example.community', null],
        ['api.example.com.evil.net', null],
        ['deep.www.example.com', null],
      ],
    )
  })

  it('without a terminal and without --domains associates nothing and prints the domains:update commands', async () => {
    await seedDomains('shop', ['www.example.com', 'www.example.community', 'api.example.com.evil.net', 'example.com'])
    const [run, unmatched] = await Promise.all([
      sni('certs:add', 'chain-wildcard.pem', 'wildcard.key', '--app', 'shop', '--ca', 'root-ca.crt'),
      sni(
        'certs:add',
        'leaf-ecdsa-p256.crt',
        'leaf-ecdsa-p256.key',
        '--app',
        'lonely-app',
        '--ca',
        'root-ca.crt',
        '--ca',
        'intermediate-ca.crt',
      ),
    ])
    assert.equal(run.exitCode, 0, run.stderr)
    const {domains, endpoints} = await listStore('shop')
    assert.equal(endpoints.length, 1)
    const name = endpoints[0]?.name ?? ''
    assert.equal(
      run.stdout,
      [
        ...details(
          'wildcard.crt',
          ['*.example.com', 'example.com'],
          '/C=US/ST=California/L=San Francisco/O=Example Inc/CN=*.example.com',
          name,
        ),
        'No domain was associated. To serve this certificate, run:',
        `  sni domains:update www.example.com --cert ${name} --app shop`,
        `  sni domains:update example.com --cert ${name} --app shop`,
        '',
      ].join('\n'),
    )
    assert.equal(run.stderr, 'Adding SSL certificate to shop... done\n')
    assert.ok(
      domains.every((d) => d.sniEndpoint === null),
      'nothing was associated',
    )

    // A certificate that covers none of the app's domains says so on stderr.
    assert.equal(unmatched.exitCode, 0, unmatched.stderr)
    const [lonely] = (await listStore('lonely-app')).endpoints
    assert.equal(
      unmatched.stdout,
      `${details('leaf-ecdsa-p256.crt', ['www.example.com', 'example.com'], LEAF_SUBJECT, lonely?.name ?? '').join('\n')}\n`,
    )
    assert.equal(
      unmatched.stderr,
      [
        'Adding SSL certificate to lonely-app... done',
        'Created app lonely-app on the local platform.',
        'None of the domains of lonely-app is covered by this certificate.',
        // both names are domains of shop (seeded above): no command that would fail
        'www.example.com is a domain of the app shop; a domain belongs to one app only.',
        'example.com is a domain of the app shop; a domain belongs to one app only.',
        '',
      ].join('\n'),
    )
  })

  it('stores nothing when a check fails, a domain is not covered or not on the app, or with --dry-run', async () => {
    await seedDomains('shop', ['www.example.com', 'www.example.community', 'api.example.com.evil.net'])
    await seedDomains('blog-app', ['blog.example.com'])
    const before = storeSnapshot(local.home)
    const wildcard = ['chain-wildcard.pem', 'wildcard.key', '--app', 'shop', '--ca', 'root-ca.crt']
    const [
      community,
      evil,
      notOnApp,
      mismatch,
      expired,
      encrypted,
      badHost,
      both,
      dryRun,
      dryRunJson,
      encryptedHuman,
      otherApps,
    ] = await Promise.all([
      sni('certs:add', ...wildcard, '--domains', 'www.example.community', '--json'),
      sni('certs:add', ...wildcard, '--domains', 'api.example.com.evil.net'),
      sni('certs:add', ...wildcard, '--domains', 'www.example.com,shop.example.com', '--json'),
      sni('certs:add', 'chain-in-order.pem', 'leaf-rsa4096.key', '--app', 'shop', '--json'),
      sni('certs:add', 'expired.crt', 'expired.key', '--app', 'shop', '--json'),
      sni('certs:add', 'chain-in-order.pem', 'key-rsa-pkcs8-encrypted.pem', '--app', 'shop', '--json'),
      sni('certs:add', ...wildcard, '--domains', 'bad_host!', '--json'),
      sni('certs:add', ...wildcard, '--domains', 'www.example.com', '--all-matching', '--json'),
      sni('certs:add', ...wildcard, '--all-matching', '--dry-run'),
      sni('certs:add', ...wildcard, '--domains', 'www.example.com', '--dry-run', '--json'),
      sni('certs:add', 'chain-in-order.pem', 'key-rsa-pkcs8-encrypted.pem', '--app', 'shop'),
      sni('certs:add', ...wildcard, '--domains', 'blog.example.com', '--json'),
    ])

    const notCovered = parseJsonError(community)
    assert.deepEqual([notCovered.exit, notCovered.code], [3, 'DOMAIN_NOT_COVERED'])
    assert.equal(
      notCovered.message,
      '--domains: the certificate does not cover www.example.community (it covers *.example.com, example.com).',
    )
    assert.equal(evil.exitCode, 3)
    assert.match(
      oneLine(evil.stderr),
      /Error: --domains: the certificate does not cover api\.example\.com\.evil\.net \(it covers \*\.example\.com, example\.com\)\. Try this: .*nothing was changed\./,
    )

    const unknown = parseJsonError(notOnApp)
    assert.deepEqual(
      [unknown.exit, unknown.code, unknown.message],
      [5, 'DOMAIN_UNKNOWN', '--domains: shop.example.com is not a domain of this app.'],
    )
    assert.equal(unknown.hint, 'Add it first with `sni domains:add shop.example.com --app shop`; nothing was changed.')
    // Another app's domain: said so, and no domains:add that would fail.
    const elsewhere = parseJsonError(otherApps)
    assert.deepEqual([elsewhere.exit, elsewhere.code], [5, 'DOMAIN_UNKNOWN'])
    assert.equal(
      elsewhere.hint,
      'blog.example.com is a domain of the app blog-app, and a domain belongs to one app only: leave it out of --domains, or remove it from blog-app first (`sni domains:remove blog.example.com --app blog-app`) and then add it with `sni domains:add blog.example.com --app shop`; nothing was changed.',
    )

    // The refusal names the file that is wrong (the key for KEY_MISMATCH), and the JSON error lists every finding.
    for (const [run, code, message, hint] of [
      [
        mismatch,
        'KEY_MISMATCH',
        /^leaf-rsa4096\.key: the private key does not match the certificate chain-in-order\.pem \(certificate key SHA-256 [0-9a-f]{64}, private key SHA-256 [0-9a-f]{64}\)\.$/,
        'Give the private key that was generated with the certificate signing request for chain-in-order.pem.',
      ],
      [
        expired,
        'CERT_EXPIRED',
        /^expired\.crt: certificate 1 \(.*CN=www\.example\.com\) expired on 2020-02-01 00:00 UTC\.$/,
        'Renew the certificate with your certificate authority and use the new one.',
      ],
    ] as const) {
      const error = parseJsonError(run)
      assert.deepEqual([error.exit, error.code], [3, code])
      assert.match(error.message, message)
      assert.ok(
        error.details?.findings?.some((f) => f.code === code && f.severity === 'error'),
        JSON.stringify(error),
      )
      // The finding's own hint first, then what the refusal means.
      assert.ok(error.hint?.startsWith(`${hint} `), error.hint)
      assert.match(
        (error.hint ?? '').slice(hint.length + 1),
        /^Nothing was sent\. Fix it and run again; `sni certs:inspect \S+ \S+` shows every check\.$/,
      )
    }

    assert.deepEqual(
      parseJsonError(expired).details?.findings?.map((f) => f.code),
      ['CHAIN_INCOMPLETE', 'CERT_EXPIRED'],
    )

    const locked = parseJsonError(encrypted)
    assert.deepEqual([locked.exit, locked.code], [3, 'KEY_ENCRYPTED'])
    assert.match(
      locked.message,
      /^key-rsa-pkcs8-encrypted\.pem: the private key is encrypted; give its passphrase with --passphrase-file FILE or SNI_KEY_PASSPHRASE/,
    )
    assert.equal(encryptedHuman.exitCode, 3)
    assert.equal(encryptedHuman.stdout, '')
    assert.match(oneLine(encryptedHuman.stderr), /Error: key-rsa-pkcs8-encrypted\.pem: the private key is encrypted/)

    const invalid = parseJsonError(badHost)
    assert.deepEqual([invalid.exit, invalid.code], [2, 'INVALID_HOSTNAME'])
    assert.match(invalid.message, /^--domains "bad_host!" is not a valid hostname/)
    const exclusive = parseJsonError(both)
    assert.equal(exclusive.exit, 2)
    assert.match(exclusive.message, /cannot also be provided when using --(all-matching|domains)/)

    assert.equal(dryRun.exitCode, 0, dryRun.stderr)
    assert.equal(
      dryRun.stdout,
      'Dry run: the certificate passed every check and would be added to shop and associated with www.example.com. Nothing was changed.\n',
    )
    assert.equal(dryRun.stderr, '')
    assert.equal(dryRunJson.exitCode, 0, dryRunJson.stderr)
    const planned = parseJsonOutput<CertsAddResult>('certs-add', dryRunJson.stdout)
    assert.deepEqual(planned, {
      associations: [],
      created: false,
      dryRun: true,
      endpoint: null,
      findings: [],
      matchingDomains: ['www.example.com'],
      plannedDomains: ['www.example.com'],
    })

    assert.equal(storeSnapshot(local.home), before, 'the store is unchanged')
  })
})
