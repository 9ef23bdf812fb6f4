import assert from 'node:assert/strict'
import {mkdirSync, mkdtempSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'

import {SniError} from '../../src/lib/sni-error.js'
import {
  appFromGitUrl,
  findGitDir,
  gitConfigPath,
  inferAppFromGit,
  parseGitConfig,
} from '../../src/platform/git-remote-app.js'

const CONFIG = `[core]
\trepositoryformatversion = 0
\tbare = false
[remote "origin"]
\turl = git@github.com:example/shop.git
\tfetch = +refs/heads/*:refs/remotes/origin/*
[remote "heroku"]
\turl = https://git.heroku.com/shop-prod.git
\tfetch = +refs/heads/*:refs/remotes/heroku/*
[branch "main"]
\tremote = origin
`

describe('the app from the git remote (read from .git/config; git is never run)', () => {
  let dir: string
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'sni-git-remote-'))
  })
  afterEach(() => {
    rmSync(dir, {force: true, recursive: true})
  })

  function repo(config: string, at = dir): string {
    mkdirSync(join(at, '.git'), {recursive: true})
    writeFileSync(join(at, '.git', 'config'), config)
    return at
  }

  it('reads the Heroku URL forms the Heroku CLI writes and accepts, and no others', () => {
    const cases: Array<[string, string | undefined]> = [
      ['https://git.heroku.com/shop-prod.git', 'shop-prod'],
      ['https://git.heroku.com/shop-prod', 'shop-prod'],
      ['git.heroku.com/shop-prod.git', 'shop-prod'],
      ['git@heroku.com:shop-prod.git', 'shop-prod'],
      ['ssh://git@heroku.com/shop-prod.git', 'shop-prod'],
      ['HTTPS://GIT.HEROKU.COM/shop-prod.git', 'shop-prod'],
      ['https://github.com/example/shop.git', undefined],
      ['https://git.heroku.com.evil.example/shop.git', undefined],
      ['https://git.heroku.com/a/b.git', undefined],
      ['https://git.heroku.com/.git', undefined],
    ]
    for (const [url, app] of cases) assert.equal(appFromGitUrl(url), app, url)
    assert.equal(
      appFromGitUrl('https://git.herokudev.com/shop.git', {HEROKU_HOST: 'herokudev.com'}),
      'shop',
      'HEROKU_HOST names the git host, as for the Heroku CLI',
    )
    assert.equal(appFromGitUrl('https://git.example.test/shop.git', {HEROKU_GIT_HOST: 'git.example.test'}), 'shop')
  })

  it("parses git's config syntax: case-insensitive sections and keys, quoted values, comments, the first url", () => {
    const parsed = parseGitConfig(`# comment
[REMOTE "Staging"]
\tURL = "https://git.heroku.com/shop-staging.git" ; trailing comment
\turl = https://git.heroku.com/ignored.git
[remote.legacy]
\turl=git@heroku.com:shop-legacy.git
[heroku]
\tremote = Staging
`)
    assert.deepEqual(parsed, {
      herokuRemote: 'Staging',
      remotes: [
        {name: 'Staging', url: 'https://git.heroku.com/shop-staging.git'},
        {name: 'legacy', url: 'git@heroku.com:shop-legacy.git'},
      ],
    })
  })

  it('infers the one Heroku remote from any folder of the repository; -r picks one; none gives undefined', () => {
    repo(CONFIG)
    mkdirSync(join(dir, 'src', 'deep'), {recursive: true})
    assert.equal(inferAppFromGit({cwd: join(dir, 'src', 'deep'), env: {}}), 'shop-prod')
    assert.equal(inferAppFromGit({cwd: dir, env: {}, remote: 'heroku'}), 'shop-prod')
    const outside = mkdtempSync(join(tmpdir(), 'sni-no-git-'))
    try {
      assert.equal(inferAppFromGit({cwd: outside, env: {GIT_DIR: join(outside, 'none')}}), undefined)
    } finally {
      rmSync(outside, {force: true, recursive: true})
    }

    writeFileSync(join(dir, '.git', 'config'), '[remote "origin"]\n\turl = git@github.com:example/shop.git\n')
    assert.equal(
      inferAppFromGit({cwd: dir, env: {}}),
      undefined,
      'no Heroku remote: the usual "Missing required flag app"',
    )
  })

  it('refuses to guess between several Heroku apps, and names a missing or non-Heroku -r remote (exit 2)', () => {
    repo(`${CONFIG}[remote "staging"]\n\turl = https://git.heroku.com/shop-staging.git\n`)
    const error = (fn: () => unknown): SniError => {
      try {
        fn()
      } catch (caught) {
        assert.ok(caught instanceof SniError)
        return caught
      }

      assert.fail('expected an error')
    }

    const ambiguous = error(() => inferAppFromGit({cwd: dir, env: {}}))
    assert.deepEqual([ambiguous.code, ambiguous.exit], ['GIT_REMOTE_AMBIGUOUS', 2])
    assert.match(ambiguous.message, /shop-prod \(heroku\), shop-staging \(staging\)/)
    assert.equal(inferAppFromGit({cwd: dir, env: {}, remote: 'staging'}), 'shop-staging')
    const missing = error(() => inferAppFromGit({cwd: dir, env: {}, remote: 'production'}))
    assert.deepEqual(
      [missing.code, missing.exit, missing.message],
      ['GIT_REMOTE_NOT_FOUND', 2, 'Git remote production was not found in this repository.'],
    )
    const notHeroku = error(() => inferAppFromGit({cwd: dir, env: {}, remote: 'origin'}))
    assert.match(notHeroku.message, /^Git remote origin does not point at a Heroku app/)
    // git config heroku.remote chooses, as for the Heroku CLI.
    writeFileSync(
      join(dir, '.git', 'config'),
      `${CONFIG}[remote "staging"]\n\turl = https://git.heroku.com/shop-staging.git\n[heroku]\n\tremote = staging\n`,
    )
    assert.equal(inferAppFromGit({cwd: dir, env: {}}), 'shop-staging')
  })

  it('follows a linked worktree (.git file -> gitdir -> commondir) to the shared config', () => {
    const main = join(dir, 'main')
    repo(CONFIG, main)
    const worktreeGitDir = join(main, '.git', 'worktrees', 'feature')
    mkdirSync(worktreeGitDir, {recursive: true})
    writeFileSync(join(worktreeGitDir, 'commondir'), '../..\n')
    const worktree = join(dir, 'feature')
    mkdirSync(worktree)
    writeFileSync(join(worktree, '.git'), `gitdir: ${worktreeGitDir}\n`)
    assert.equal(findGitDir(worktree, {}), worktreeGitDir)
    assert.equal(gitConfigPath(worktreeGitDir), join(main, '.git', 'config'))
    assert.equal(inferAppFromGit({cwd: worktree, env: {}}), 'shop-prod')
    // a relative gitdir (submodules write one) is relative to the .git file's folder
    writeFileSync(join(worktree, '.git'), 'gitdir: ../main/.git/worktrees/feature\n')
    assert.equal(inferAppFromGit({cwd: worktree, env: {}}), 'shop-prod')
  })
})
