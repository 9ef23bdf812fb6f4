#!/usr/bin/env node
// `npm run link`: makes sni a plugin of the `heroku` CLI that starts as fast as an installed one.
//
// `heroku plugins:link .` of the checkout itself has no oclif.manifest.json, so the heroku CLI would load
// tsx and every command's source on every heroku command (about twice as slow). A manifest at the
// checkout's root is no answer either: oclif would then load commands from dist/ in the tests, which
// must run the sources (test/helpers/setup.ts refuses to run when one exists). So this script builds,
// copies the build into .heroku-plugin/ (package.json, dist/ and a fresh oclif.manifest.json; its
// dependencies resolve from the checkout's node_modules one folder up), and links that folder:
//
//   npm run link                 build, prepare .heroku-plugin/, heroku plugins:link --no-install it
//   npm run link -- --no-link    only prepare .heroku-plugin/ (then: heroku plugins:link --no-install .heroku-plugin)
//   heroku plugins:unlink sni-certs
//
// The linked plugin is a snapshot of the build: run `npm run link` again after changing the code.
// The heroku CLI is HEROKU_CLI when set, else `heroku` on PATH.
import {execFileSync} from 'node:child_process'
import {cpSync, mkdirSync, readFileSync, rmSync, writeFileSync} from 'node:fs'
import {dirname, join} from 'node:path'
import {fileURLToPath} from 'node:url'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
export const pluginDir = join(root, '.heroku-plugin')

/** Builds and prepares .heroku-plugin/ (dist and a manifest made from it); returns its path. */
export function preparePlugin({quiet = false} = {}) {
  const stdio = quiet ? ['ignore', 'ignore', 'inherit'] : 'inherit'
  execFileSync('npm', ['run', 'build', '--silent'], {cwd: root, stdio})
  rmSync(pluginDir, {force: true, recursive: true})
  mkdirSync(pluginDir)
  const pjson = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'))
  delete pjson.scripts // nothing is to be run in the snapshot (and no prepack/postpack around the manifest)
  delete pjson.devDependencies
  writeFileSync(join(pluginDir, 'package.json'), `${JSON.stringify(pjson, null, 2)}\n`)
  cpSync(join(root, 'dist'), join(pluginDir, 'dist'), {recursive: true})
  execFileSync(process.execPath, [join(root, 'node_modules', 'oclif', 'bin', 'run.js'), 'manifest'], {
    cwd: pluginDir,
    stdio,
  })
  return pluginDir
}

/** Links .heroku-plugin/ into the heroku CLI (--no-install: its dependencies are the checkout's). */
export function linkPlugin(herokuBin, env = process.env) {
  execFileSync(herokuBin, ['plugins:link', '--no-install', pluginDir], {env, stdio: 'inherit'})
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  preparePlugin()
  if (process.argv.includes('--no-link')) {
    console.log(`Prepared ${pluginDir}; link it with: heroku plugins:link --no-install ${pluginDir}`)
  } else {
    linkPlugin(process.env.HEROKU_CLI ?? 'heroku')
    console.log(
      'Linked. Run `npm run link` again after changing the code; `heroku plugins:unlink sni-certs` removes it.',
    )
  }
}
