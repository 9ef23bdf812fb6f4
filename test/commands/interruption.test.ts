// Ctrl-C at each prompt, in a pseudo-terminal, as a person at a terminal would press it: every
// command exits 130 with "Interrupted." and an account of what was done. Local platform.
import assert from 'node:assert/strict'
import {mkdtempSync, readdirSync, rmSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'

import {fixturePassphrase, fixturesDir, readFixture, writePkcs12} from '../helpers/fixtures.js'
import {readLocalApp, seedLocalDomains, storeSnapshot, useLocalSni} from '../helpers/local-store.js'
import {CTRL_C, killPtyRuns, type PtyRun, runSniInPty} from '../helpers/pty.js'
import {assertNoSecrets} from '../helpers/run-sni.js'

const SECRETS = ['leaf-rsa2048.key', 'key-rsa-pkcs8-encrypted.pem'].map((name) => readFixture(name).toString('utf8'))

describe('Ctrl-C in a terminal: exit 130 and an account of what was done', function () {
  this.timeout(120_000)
  const local = useLocalSni('sni-interrupt-', [...SECRETS, fixturePassphrase])
  afterEach(() => killPtyRuns())

  function pty(...args: string[]): PtyRun {
    return runSniInPty(args, {cwd: fixturesDir, env: {SNI_HOME: local.home, SNI_PLATFORM: 'local'}})
  }

  async function interruptAt(run: PtyRun, prompt: RegExp): Promise<{code: number; output: string}> {
    await run.waitFor(prompt)
    run.write(CTRL_C)
    const code = await run.exited
    const output = run.output()
    assertNoSecrets([output], [...SECRETS, fixturePassphrase])
    return {code, output}
  }

  const seedDomains = (hostnames: string[]): Promise<unknown> => seedLocalDomains(local.home, 'shop', hostnames)

  it('at the passphrase prompt: nothing was changed', async () => {
    await seedDomains(['www.example.com'])
    const before = storeSnapshot(local.home)
    const {code, output} = await interruptAt(
      pty('certs:add', 'chain-in-order.pem', 'key-rsa-pkcs8-encrypted.pem', '--app', 'shop'),
      /Passphrase for key-rsa-pkcs8-encrypted\.pem:/,
    )
    assert.equal(code, 130, output)
    assert.match(output, /^Interrupted\. Nothing was changed\.$/m)
    assert.doesNotMatch(output, /Unexpected error|report it|force closed/)
    assert.equal(storeSnapshot(local.home), before)
  })

  it('at the domain checkbox of certs:add: the endpoint was added, no domain associated, and the commands that finish it (which work)', async () => {
    await seedDomains(['www.example.com', 'example.com'])
    const {code, output} = await interruptAt(
      pty('certs:add', 'chain-in-order.pem', 'leaf-rsa2048.key', '--app', 'shop'),
      /Select domains/,
    )
    assert.equal(code, 130, output)
    const name = /✓ endpoint ([a-z]+-\d{5}) was added to shop\./.exec(output)?.[1]
    assert.ok(name, output)
    const account = output.slice(output.indexOf('Interrupted.'))
    assert.equal(
      account.trim(),
      [
        'Interrupted.',
        `  ✓ endpoint ${name} was added to shop.`,
        '  ✗ no domain was associated.',
        'To finish, run:',
        `  sni domains:update www.example.com --cert ${name} --app shop`,
        `  sni domains:update example.com --cert ${name} --app shop`,
      ].join('\n'),
    )

    // Pasted as printed, the commands finish the job.
    for (const line of account.split('\n').filter((l) => l.startsWith('  sni '))) {
      const run = await local.sni(...line.trim().split(/\s+/).slice(1))
      assert.equal(run.exitCode, 0, `${line}: ${run.stderr}`)
    }

    const {domains, endpoints} = await readLocalApp(local.home, 'shop')
    assert.deepEqual(
      endpoints.map((e) => e.name),
      [name],
    )
    assert.deepEqual(
      domains
        .filter((d) => d.sniEndpoint?.name === name)
        .map((d) => d.hostname)
        .sort(),
      ['example.com', 'www.example.com'],
    )
  })

  it('at the confirmation of certs:remove, certs:update and domains:remove: nothing was changed', async () => {
    await seedDomains(['www.example.com'])
    const added = await local.sni(
      'certs:add',
      'chain-in-order.pem',
      'leaf-rsa2048.key',
      '--app',
      'shop',
      '--domains',
      'www.example.com',
    )
    assert.equal(added.exitCode, 0, added.stderr)
    const before = storeSnapshot(local.home)
    for (const args of [
      ['certs:remove', '--app', 'shop'],
      ['certs:update', 'chain-in-order.pem', 'leaf-rsa2048.key', '--app', 'shop'],
      ['domains:remove', 'www.example.com', '--app', 'shop'],
    ]) {
      const {code, output} = await interruptAt(pty(...args), /To proceed, type shop/)
      assert.equal(code, 130, `${args[0]}: ${output}`)
      assert.match(output, /^Interrupted\. Nothing was changed\.$/m, args[0])
    }

    assert.equal(storeSnapshot(local.home), before)
  })

  it('at the owner questions of certs:generate: nothing was written', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sni-generate-interrupt-'))
    try {
      const run = runSniInPty(['certs:generate', 'www.example.com', '--dir', dir], {
        cwd: dir,
        env: {SNI_HOME: local.home},
      })
      const {code, output} = await interruptAt(run, /Owner of this certificate/)
      assert.equal(code, 130, output)
      assert.match(output, /^Interrupted\. Nothing was changed\.$/m)
      assert.deepEqual(readdirSync(dir), [])
    } finally {
      rmSync(dir, {force: true, recursive: true})
    }
  })

  it('while a heavy PKCS#12 bundle is being decrypted (a worker thread): Ctrl-C ends the run at once', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sni-p12-interrupt-'))
    try {
      const bundle = join(dir, 'heavy.p12')
      writePkcs12(bundle, 300_000)
      const run = runSniInPty(['certs:add', bundle, bundle, '--app', 'shop'], {
        cwd: dir,
        env: {SNI_HOME: local.home, SNI_PLATFORM: 'local'},
      })
      // The passphrase is typed; decrypting with it takes seconds of forge's JavaScript, and Ctrl-C
      // (SIGINT from the terminal, no longer in raw mode) comes in the middle of it.
      await run.waitFor(/Passphrase for .*heavy\.p12:/)
      run.write(`${fixturePassphrase}\r`)
      await new Promise((resolve) => setTimeout(resolve, 500))
      const sent = performance.now()
      run.write(CTRL_C)
      const code = await run.exited
      const took = performance.now() - sent
      assert.equal(code, 130, run.output())
      // The terminal echoes ^C (it is not in raw mode while decrypting) before sni's answer.
      assert.match(run.output(), /^(\^C)?Interrupted\. Nothing was changed\.$/m)
      assert.ok(took < 1500, `exited ${Math.round(took)} ms after Ctrl-C`)
      assert.equal(storeSnapshot(local.home), 'no store', 'interrupted before the store was opened')
    } finally {
      rmSync(dir, {force: true, recursive: true})
    }
  })
})
