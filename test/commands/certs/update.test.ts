import assert from 'node:assert/strict'
import {X509Certificate} from 'node:crypto'

import type {CertsUpdateResult} from '../../../src/commands/certs/update.js'
import {SecretPem} from '../../../src/lib/x509/secret-pem.js'
import type {SniEndpoint} from '../../../src/lib/models.js'
import {readFixture} from '../../helpers/fixtures.js'
import {herokuDate} from '../../helpers/heroku-format.js'
import {storeSnapshot, useLocalSni, withLocalClient} from '../../helpers/local-store.js'
import {assertSchemaRefusesPrivateKeys, parseJsonError, parseJsonOutput} from '../../helpers/json-schema.js'
import {oneLine} from '../../helpers/run-sni.js'

const SECRETS = ['leaf-rsa2048.key', 'leaf-ecdsa-p256.key', 'other-leaf.key'].map((name) =>
  readFixture(name).toString('utf8'),
)
const ISSUER = '/C=US/O=Fixture Trust/CN=Fixture Intermediate CA'
const LEAF_SUBJECT = '/C=US/ST=California/L=San Francisco/O=Example Inc/CN=www.example.com'

describe('certs:update', () => {
  const local = useLocalSni('sni-certs-update-', SECRETS)
  const {sni} = local
  let current: SniEndpoint
  const ecdsa = ['chain-ecdsa-p256.pem', 'leaf-ecdsa-p256.key', '--ca', 'root-ca.crt']
  const rsa = new X509Certificate(readFixture('leaf-rsa2048.crt'))
  const ec = new X509Certificate(readFixture('leaf-ecdsa-p256.crt'))
  const expiresLine =
    rsa.validTo === ec.validTo
      ? `  expires: ${herokuDate(rsa.validTo)} (unchanged)`
      : `  expires: ${herokuDate(rsa.validTo)} -> ${herokuDate(ec.validTo)}`
  const toEcdsaDiff = [
    'Changes:',
    '  names added: none',
    '  names removed: none',
    expiresLine,
    `  issuer: ${ISSUER} (unchanged)`,
    '  key: RSA 2048 -> ECDSA P-256',
  ]

  beforeEach(async () => {
    await withLocalClient(local.home, async (client) => {
      current = await client.createSniEndpoint('shop', {
        certificateChain: readFixture('chain-in-order.pem').toString('utf8'),
        privateKey: new SecretPem(readFixture('leaf-rsa2048.key').toString('utf8')),
      })
      await client.addDomain('shop', {hostname: 'www.example.com', sniEndpoint: current.name})
    })
  })

  it('shows the diff and changes nothing without --confirm, with a wrong --confirm, with --dry-run, or when a domain would lose coverage', async () => {
    const before = storeSnapshot(local.home)
    const [noConfirm, noConfirmJson, wrong, drops, dryRun, dryRunJson, unknown] = await Promise.all([
      sni('certs:update', ...ecdsa, '--app', 'shop'),
      sni('certs:update', ...ecdsa, '--app', 'shop', '--json'),
      sni('certs:update', ...ecdsa, '--app', 'shop', '--confirm', 'other-app'),
      sni(
        'certs:update',
        'other-leaf.crt',
        'other-leaf.key',
        '--ca',
        'intermediate-ca.crt',
        '--app',
        'shop',
        '--confirm',
        'shop',
        '--json',
      ),
      sni('certs:update', ...ecdsa, '--app', 'shop', '--dry-run'),
      sni('certs:update', ...ecdsa, '--app', 'shop', '--dry-run', '--json'),
      sni('certs:update', ...ecdsa, '--app', 'shop', '--name', 'nope-12345', '--confirm', 'shop', '--json'),
    ])

    assert.equal(noConfirm.exitCode, 9)
    assert.equal(noConfirm.stdout, `${toEcdsaDiff.join('\n')}\n`)
    assert.equal(
      oneLine(noConfirm.stderr),
      `Error: certs:update needs confirmation and there is no terminal to ask; nothing was changed. Try this: Re-run with --confirm shop: \`sni certs:update ${ecdsa.join(' ')} --app shop --confirm shop\``,
    )
    const required = parseJsonError(noConfirmJson)
    assert.deepEqual([required.exit, required.code], [9, 'CONFIRMATION_REQUIRED'])

    assert.equal(wrong.exitCode, 9)
    assert.equal(
      oneLine(wrong.stderr),
      'Error: Confirmation other-app did not match shop. Aborted. Try this: Pass --confirm shop; nothing was changed.',
    )

    const dropped = parseJsonError(drops)
    assert.deepEqual([dropped.exit, dropped.code], [3, 'UPDATE_DROPS_DOMAINS'])
    assert.equal(
      dropped.message,
      `other-leaf.crt: the new certificate does not cover www.example.com, which is associated with ${current.name}.`,
    )

    assert.equal(dryRun.exitCode, 0, dryRun.stderr)
    assert.equal(
      dryRun.stdout,
      [...toEcdsaDiff, `Dry run: ${current.name} on shop would be updated. Nothing was changed.`, ''].join('\n'),
    )
    assert.equal(dryRunJson.exitCode, 0, dryRunJson.stderr)
    const planned = parseJsonOutput<CertsUpdateResult>('certs-update', dryRunJson.stdout)
    assertSchemaRefusesPrivateKeys('certs-update', planned)
    assert.equal(planned.dryRun, true)
    assert.deepEqual(planned.diff.keyType, {from: 'RSA 2048', to: 'ECDSA P-256'})
    assert.equal(planned.endpoint.sni.keyType, 'RSA 2048', 'the current endpoint, unchanged')

    const missing = parseJsonError(unknown)
    assert.deepEqual([missing.exit, missing.message], [5, 'Record not found.'])

    assert.equal(storeSnapshot(local.home), before, 'the store is unchanged')
  })

  it('replaces the certificate with --confirm APP, keeping the name and domains; --force allows dropping a domain', async () => {
    const updated = await sni('certs:update', ...ecdsa, '--app', 'shop', '--confirm', 'shop')
    assert.equal(updated.exitCode, 0, updated.stderr)
    assert.equal(
      updated.stdout,
      [
        ...toEcdsaDiff,
        'Updated certificate details:',
        `Name:           ${current.name}`,
        'Common Name(s): www.example.com',
        '                example.com',
        `Expires At:     ${herokuDate(ec.validTo)}`,
        `Issuer:         ${ISSUER}`,
        `Starts At:      ${herokuDate(ec.validFrom)}`,
        `Subject:        ${LEAF_SUBJECT}`,
        'SSL certificate is not trusted.',
        '',
      ].join('\n'),
    )
    assert.equal(updated.stderr, `Updating SSL certificate ${current.name} for shop... done\n`)

    const forced = await sni(
      'certs:update',
      'other-leaf.crt',
      'other-leaf.key',
      '--ca',
      'intermediate-ca.crt',
      '--app',
      'shop',
      '--name',
      current.name,
      '--confirm',
      'shop',
      '--force',
      '--json',
    )
    assert.equal(forced.exitCode, 0, forced.stderr)
    const result = parseJsonOutput<CertsUpdateResult>('certs-update', forced.stdout)
    assertSchemaRefusesPrivateKeys('certs-update', result)
    assert.equal(result.dryRun, false)
    assert.deepEqual(result.diff.namesAdded, ['api.example.org'])
    assert.deepEqual(result.diff.namesRemoved, ['www.example.com', 'example.com'])
    assert.deepEqual(result.diff.keyType, {from: 'ECDSA P-256', to: 'ECDSA P-256'})
    assert.equal(result.endpoint.name, current.name)
    assert.equal(result.endpoint.id, current.id)
    assert.equal(result.endpoint.domains.length, 1)
    assert.deepEqual(result.endpoint.sni.domainHostnames, ['www.example.com'])
    assert.deepEqual(result.endpoint.ssl_cert?.cert_domains, ['api.example.org'])
    assert.equal(result.endpoint.sni.fingerprint256, new X509Certificate(readFixture('other-leaf.crt')).fingerprint256)
  })

  it('carries the warnings of the new certificate in the --json result and on stderr (CERT_SELF_SIGNED)', async () => {
    const run = await sni(
      'certs:update',
      'selfsigned.crt',
      'selfsigned.key',
      '--app',
      'shop',
      '--confirm',
      'shop',
      '--json',
    )
    assert.equal(run.exitCode, 0, run.stderr)
    const result = parseJsonOutput<CertsUpdateResult>('certs-update', run.stdout)
    assert.deepEqual(
      result.findings.map((f) => [f.code, f.severity]),
      [['CERT_SELF_SIGNED', 'warning']],
    )
    assert.match(
      run.stderr,
      /^Warning: selfsigned\.crt: certificate 1 \(.*\) is self-signed, so browsers will not trust it\. \(CERT_SELF_SIGNED\)$/m,
    )
  })
})
