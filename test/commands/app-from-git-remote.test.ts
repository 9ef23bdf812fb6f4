import assert from 'node:assert/strict'
import {mkdirSync, mkdtempSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'

import {chainInput, withLocalClient} from '../helpers/local-store.js'
import {parseJsonError} from '../helpers/json-schema.js'
import {oneLine, runSni, type SniRun} from '../helpers/run-sni.js'

// -a/--app as in the Heroku CLI: else HEROKU_APP, else the current git repository's Heroku remote (-r picks one).
describe('the app from the git remote, on every platform command', () => {
  let home: string
  let repo: string

  beforeEach(async () => {
    home = mkdtempSync(join(tmpdir(), 'sni-git-app-home-'))
    repo = mkdtempSync(join(tmpdir(), 'sni-git-app-repo-'))
    mkdirSync(join(repo, '.git'))
    mkdirSync(join(repo, 'web', 'assets'), {recursive: true})
    await withLocalClient(home, async (client) => {
      await client.createSniEndpoint('shop-prod', chainInput('chain-in-order.pem', 'leaf-rsa2048.key'))
      await client.addDomain('shop-staging', {hostname: 'staging.example.com', sniEndpoint: null})
    })
  })

  afterEach(() => {
    rmSync(home, {force: true, recursive: true})
    rmSync(repo, {force: true, recursive: true})
  })

  const gitConfig = (remotes: Record<string, string>): void => {
    writeFileSync(
      join(repo, '.git', 'config'),
      Object.entries(remotes)
        .map(([name, url]) => `[remote "${name}"]\n\turl = ${url}\n\tfetch = +refs/heads/*:refs/remotes/${name}/*\n`)
        .join(''),
    )
  }

  const sni = (
    args: string[],
    env: Record<string, string | undefined> = {},
    cwd = join(repo, 'web', 'assets'),
  ): Promise<SniRun> => runSni(args, {cwd, env: {HEROKU_APP: undefined, SNI_HOME: home, SNI_PLATFORM: 'local', ...env}})

  it('uses the heroku remote from any folder of the repository; -r picks another; -a and HEROKU_APP win', async () => {
    gitConfig({heroku: 'https://git.heroku.com/shop-prod.git', origin: 'git@github.com:example/shop.git'})
    const [inferred, byRemote, byFlag, byEnv] = await Promise.all([
      sni(['certs']),
      sni(['domains', '-r', 'heroku', '--json']),
      sni(['domains', '--app', 'shop-staging', '-r', 'heroku', '--json']),
      sni(['domains', '--json'], {HEROKU_APP: 'shop-staging'}),
    ])
    assert.equal(inferred.exitCode, 0, inferred.stderr)
    assert.match(inferred.stdout, /^ {2}Name {2,}Common Name\(s\)/)
    assert.equal(byRemote.exitCode, 0, byRemote.stderr)
    assert.deepEqual(JSON.parse(byRemote.stdout), [])
    assert.deepEqual(
      (JSON.parse(byFlag.stdout) as Array<{hostname: string}>).map((d) => d.hostname),
      ['staging.example.com'],
    )
    assert.deepEqual(
      (JSON.parse(byEnv.stdout) as Array<{hostname: string}>).map((d) => d.hostname),
      ['staging.example.com'],
    )
  })

  it('no app and no Heroku remote: the usual usage error; an unknown -r or several Heroku apps: exit 2 naming them', async () => {
    gitConfig({origin: 'git@github.com:example/shop.git'})
    const none = await sni(['certs'])
    assert.equal(none.exitCode, 2)
    assert.match(oneLine(none.stderr), /Missing required flag app/)
    const outside = await sni(['certs'], {}, home)
    assert.equal(outside.exitCode, 2)
    assert.match(oneLine(outside.stderr), /Missing required flag app/)

    const unknown = parseJsonError(await sni(['certs', '-r', 'production', '--json']))
    assert.deepEqual(
      [unknown.exit, unknown.code, unknown.message],
      [2, 'GIT_REMOTE_NOT_FOUND', 'Git remote production was not found in this repository.'],
    )

    gitConfig({heroku: 'git@heroku.com:shop-prod.git', staging: 'https://git.heroku.com/shop-staging.git'})
    const several = await sni(['certs'])
    assert.equal(several.exitCode, 2)
    assert.match(
      oneLine(several.stderr),
      /remotes for several Heroku apps \(shop-prod \(heroku\), shop-staging \(staging\)\).*--remote heroku/,
    )
    const chosen = await sni(['domains', '--remote', 'staging', '--json'])
    assert.deepEqual(
      (JSON.parse(chosen.stdout) as Array<{hostname: string}>).map((d) => d.hostname),
      ['staging.example.com'],
    )
  })
})
