#!/usr/bin/env node
// The published package's dist/: an esbuild bundle of src/ (run by `npm pack`'s prepack; see README,
// "The published package"). Entries are the files package.json and bin/run.js name: dist/cli.js
// (@oclif/core's execute and settings), dist/commands.js (oclif's explicit command registry),
// dist/hooks/command-not-found.js and dist/index.js. @oclif/core is bundled in: loading it as ~100
// small CommonJS files was most of the start-up time. The other dependencies stay external (they
// are installed with the package; better-sqlite3 is native), and every dynamic import() of our own
// modules becomes a chunk under dist/chunks/, loaded only by the command that needs it.
//
//   node scripts/bundle.js [OUTDIR]      default dist/ (replaces tsc's output there)
import {readFileSync, rmSync} from 'node:fs'
import {dirname, join, relative, resolve} from 'node:path'
import {fileURLToPath} from 'node:url'

import {build} from 'esbuild'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const outdir = process.argv[2] ? resolve(process.argv[2]) : join(root, 'dist')
const pjson = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'))

// Two modules read package.json two folders above themselves at run time (true of src/x/y.ts and of
// tsc's dist/x/y.js, not of a bundle's output file): in the bundle they get its fields inlined.
const PACKAGE_JSON_READ = "createRequire(import.meta.url)('../../package.json')"
const inlinedPackageJson = `(${JSON.stringify({name: pjson.name, version: pjson.version})})`
const packageJsonReaders = new Set()
const inlinePackageJson = {
  name: 'inline-package-json',
  setup(b) {
    b.onLoad({filter: /[/\\]src[/\\].*\.ts$/}, (args) => {
      const source = readFileSync(args.path, 'utf8')
      if (!source.includes(PACKAGE_JSON_READ)) return undefined
      packageJsonReaders.add(relative(root, args.path))
      return {contents: source.replaceAll(PACKAGE_JSON_READ, inlinedPackageJson), loader: 'ts'}
    })
  },
}

// typescript, tsx and ts-node: @oclif/core's development mode (a checkout with a tsconfig.json) asks
// for them, which an installed package never is.
const external = [
  ...Object.keys(pjson.dependencies).filter((name) => name !== '@oclif/core'),
  'typescript',
  'tsx',
  'ts-node',
]

rmSync(outdir, {force: true, recursive: true})
const result = await build({
  absWorkingDir: root,
  banner: {
    // Bundled CommonJS (@oclif/core) calls require() for node: built-ins and for plugins at run time.
    js: "import {createRequire as __sniCreateRequire} from 'node:module'; const require = __sniCreateRequire(import.meta.url);",
  },
  bundle: true,
  chunkNames: 'chunks/[name]-[hash]',
  entryNames: '[dir]/[name]',
  entryPoints: {
    // pkcs12.ts starts its worker as ./pkcs12-worker.js beside itself, and pkcs12.ts is in a chunk.
    'chunks/pkcs12-worker': 'src/lib/x509/pkcs12-worker.ts',
    cli: 'src/cli.ts',
    commands: 'src/commands.ts',
    'hooks/command-not-found': 'src/hooks/command-not-found.ts',
    index: 'src/index.ts',
  },
  external,
  format: 'esm',
  legalComments: 'none',
  logLevel: 'warning',
  metafile: true,
  outdir,
  platform: 'node',
  plugins: [inlinePackageJson],
  splitting: true,
  target: 'node20',
})

// Guards against a refactoring that would silently break the bundle at run time.
const outputOf = (source) =>
  Object.entries(result.metafile.outputs).find(([, output]) =>
    Object.keys(output.inputs).some((input) => input.endsWith(source)),
  )?.[0]
const problems = []
if (packageJsonReaders.size === 0)
  problems.push(`no module reads package.json as ${PACKAGE_JSON_READ} any more: check scripts/bundle.js`)
const pkcs12 = outputOf('src/lib/x509/pkcs12.ts')
if (pkcs12 && !relative(outdir, join(root, pkcs12)).startsWith('chunks/'))
  problems.push(`pkcs12.ts is in ${pkcs12}, not beside chunks/pkcs12-worker.js`)
if (problems.length > 0) {
  console.error(`bundle: ${problems.join('; ')}`)
  process.exit(1)
}

if (process.env.BUNDLE_REPORT) {
  for (const [file, output] of Object.entries(result.metafile.outputs))
    console.log(`${String(output.bytes).padStart(9)} ${file}`)
}
