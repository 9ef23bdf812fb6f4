import assert from 'node:assert/strict'
import {mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'

import type {CertsAddResult} from '../../../src/commands/certs/add.js'
import {issueIntermediate, issueRoot} from '../../helpers/certificate-builder.js'
import {parseJsonError, parseJsonOutput} from '../../helpers/json-schema.js'
import {useLocalSni} from '../../helpers/local-store.js'
import {makeOpensslSelfSigned} from '../../helpers/openssl-self-signed.js'
import {findingCodes} from '../../helpers/run-sni.js'

describe('certs:add and the checks of issue 8', () => {
  const secrets: string[] = []
  const {sni} = useLocalSni('sni-add-verdict-', secrets)
  const dir = mkdtempSync(join(tmpdir(), 'sni-add-openssl-'))
  const recipes = makeOpensslSelfSigned(dir)
  for (const recipe of recipes) secrets.push(readFileSync(recipe.key, 'utf8'))
  after(() => rmSync(dir, {force: true, recursive: true}))

  for (const recipe of recipes) {
    it(`adds the plain openssl req -x509 certificate (${recipe.name}, CA:TRUE) with warnings only`, async () => {
      const run = await sni('certs:add', recipe.crt, recipe.key, '--app', 'staging', '--json')
      assert.equal(run.exitCode, 0, run.stderr)
      const result = parseJsonOutput<CertsAddResult>('certs-add', run.stdout)
      assert.ok(result.endpoint)
      const codes = result.findings.map((f) => `${f.severity}:${f.code}`)
      assert.ok(codes.includes('warning:CERT_SELF_SIGNED'), codes.join(', '))
      assert.ok(
        codes.every((c) => c.startsWith('warning:')),
        codes.join(', '),
      )
      assert.ok(!codes.some((c) => c.endsWith(':LEAF_IS_CA')))
    })
  }

  it('still refuses a CA certificate given first in a chain of several (LEAF_IS_CA), storing nothing', async () => {
    const root = issueRoot('Add Root')
    const intermediate = issueIntermediate(root, 'Add CA')
    const chain = join(dir, 'ca-chain.pem')
    writeFileSync(chain, intermediate.pem + root.pem)
    const key = join(dir, 'ca.key')
    const pem = intermediate.key.privateKey.export({format: 'pem', type: 'pkcs8'}).toString()
    secrets.push(pem)
    writeFileSync(key, pem)
    const run = await sni('certs:add', chain, key, '--app', 'staging')
    assert.equal(run.exitCode, 3)
    // The refusal is the first error's own sentence (issue 10) and hint, said once: not also listed
    // with the findings above it. The hint then says nothing was sent.
    assert.match(
      run.stderr,
      /^ › {3}Error: .*ca-chain\.pem: certificate 1 \(\/CN=Add CA\) is a CA certificate \(basicConstraints CA:TRUE\), not a server certificate\.$/m,
    )
    assert.equal(run.stderr.split('is a CA certificate').length, 2, run.stderr)
    assert.ok(!findingCodes(run.stderr).includes('LEAF_IS_CA'), run.stderr)
    assert.match(run.stderr, /^ › {3}Try this: Give the certificate issued for your domain .*Nothing was sent\. /m)
    const json = await sni('certs:add', chain, key, '--app', 'staging', '--json')
    assert.equal(json.exitCode, 3)
    assert.equal(JSON.parse(json.stdout).error.code, 'LEAF_IS_CA')
  })

  it('takes --hostname and --at through the shared pre-flight', async () => {
    const [recipe] = recipes.filter((r) => r.name === 'ecdsa-san')
    assert.ok(recipe)
    const elsewhere = await sni(
      'certs:add',
      recipe.crt,
      recipe.key,
      '--app',
      'staging',
      '--hostname',
      'api.example.com',
      '--json',
    )
    assert.equal(elsewhere.exitCode, 3)
    assert.equal(parseJsonError(elsewhere).code, 'HOSTNAME_NOT_COVERED')
    const later = await sni('certs:add', recipe.crt, recipe.key, '--app', 'staging', '--at', '2099-01-01', '--json')
    assert.equal(parseJsonError(later).code, 'CERT_EXPIRED')
    const ok = await sni(
      'certs:add',
      recipe.crt,
      recipe.key,
      '--app',
      'staging',
      '--hostname',
      'www.example.com',
      '--dry-run',
      '--json',
    )
    assert.equal(ok.exitCode, 0, ok.stderr)
  })
})
