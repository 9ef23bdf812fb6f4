// The published package, as a user gets it: `npm pack` (its prepack bundles dist/ with esbuild and
// writes the oclif manifest), then the tarball installed into a folder of its own. Used by
// `npm run bench` and by test/integration/packed-package.test.ts.
//
// The pack runs in a copy of the checkout (the files `npm pack` needs, node_modules linked), so the
// checkout's dist/, README.md and working tree are never touched while tests or benchmarks run.
// The install lays out what `npm install <tarball>` does: the package's files under
// node_modules/sni-certs and its bin as node_modules/.bin/sni. Its dependencies are linked from the
// checkout's node_modules (the versions package-lock.json pins) instead of being fetched: that works
// offline and does not compile better-sqlite3 again (a real `npm install` of the tarball took 3
// minutes here, mostly node-gyp). Only `dependencies` are linked, so a module the package imports
// without declaring it fails as it would for a user.
import {execFileSync} from 'node:child_process'
import {cpSync, existsSync, mkdirSync, readdirSync, readFileSync, symlinkSync} from 'node:fs'
import {dirname, join} from 'node:path'
import {fileURLToPath} from 'node:url'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
/** What prepack and the packed files need from the checkout. */
const PACK_INPUTS = [
  'package.json',
  'package-lock.json',
  'README.md',
  'LICENSE',
  'CHANGELOG.md',
  'tsconfig.json',
  'bin',
  'schemas',
  'scripts',
  'src',
]

/** Runs `npm pack` on a copy of the checkout in `work`; returns the tarball's path. */
export function packPackage(work, {quiet = true} = {}) {
  const stage = join(work, 'stage')
  mkdirSync(stage, {recursive: true})
  for (const name of PACK_INPUTS)
    if (existsSync(join(root, name))) cpSync(join(root, name), join(stage, name), {recursive: true})
  symlinkSync(join(root, 'node_modules'), join(stage, 'node_modules'), 'dir')
  const stdio = quiet ? ['ignore', 'ignore', 'pipe'] : 'inherit'
  const env = {...process.env, NODE_ENV: 'production', npm_config_update_notifier: 'false'}
  delete env.NODE_OPTIONS // a test runner's --import tsx must not reach oclif manifest
  execFileSync('npm', ['pack', '--silent', '--pack-destination', work], {cwd: stage, env, stdio})
  const tarball = readdirSync(work).find((name) => name.endsWith('.tgz'))
  if (!tarball) throw new Error(`npm pack wrote no tarball into ${work}`)
  return join(work, tarball)
}

/** Installs the tarball under `prefix` (see above); returns the path of its `sni` bin. */
export function installPackage(tarball, prefix) {
  const modules = join(prefix, 'node_modules')
  const dir = join(modules, 'sni-certs')
  mkdirSync(dir, {recursive: true})
  execFileSync('tar', ['-xzf', tarball, '-C', dir, '--strip-components=1'])
  const pjson = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'))
  for (const name of Object.keys(pjson.dependencies ?? {})) {
    const target = join(root, 'node_modules', name)
    if (!existsSync(target)) throw new Error(`dependency ${name} is not installed in ${root}/node_modules (run npm ci)`)
    mkdirSync(dirname(join(modules, name)), {recursive: true})
    symlinkSync(target, join(modules, name), 'dir')
  }

  mkdirSync(join(modules, '.bin'), {recursive: true})
  const bin = join(modules, '.bin', 'sni')
  symlinkSync(join('..', 'sni-certs', pjson.bin.sni), bin)
  return bin
}
