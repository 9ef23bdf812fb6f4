#!/usr/bin/env node
// The published package's dist/: an esbuild bundle of src/ (run by `npm pack`'s prepack; see README,
// "The published package"). Entries are the files package.json and bin/run.js name: dist/cli.js
// (@oclif/core's execute and settings), dist/commands.js (oclif's explicit command registry),
// dist/hooks/command-not-found.js and dist/index.js. @oclif/core is bundled in: loading it as ~100
// small CommonJS files was most of the start-up time. The other dependencies stay external (they
// are installed with the package; better-sqlite3 is native), and every dynamic import() of our own
// modules becomes a chunk under dist/chunks/, loaded only by the command that needs it.
//
// The files are CommonJS (dist/package.json says so): esbuild splits only ES module output, so each
// output file is then transformed to CommonJS. The reason is start-up: Node 20 keeps no compiled
// code for ES modules, and bin/compile-cache.js gives CommonJS files a V8 code cache, so a run does
// not parse and compile the bundle again (see README, "Performance").
//
//   node scripts/bundle.js [OUTDIR]      default dist/ (replaces tsc's output there)
import {mkdirSync, readFileSync, rmSync, writeFileSync} from 'node:fs'
import {dirname, join, relative, resolve} from 'node:path'
import {fileURLToPath} from 'node:url'

import {parse} from 'acorn'
import {build, transform} from 'esbuild'

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

// @oclif/core's start-up, made lazier in the bundle without changing what it does. Each entry is an
// exact line of @oclif/core's compiled code: a top-level `const x = require(...)` becomes a proxy that
// requires the module the first time one of its properties is read (every use in these files is a
// property read inside a function: `(0, x.glob)(...)`, `x.default.render(...)`).
// - Not bundled at all, required from node_modules as @oclif/core itself would (it is one of our
//   dependencies, so its own are installed): tinyglobby and its fdir and picomatch (pattern command
//   discovery, unused with our explicit registry and manifest), lilconfig (only for a plugin whose
//   package.json has no oclif section), ejs (help templates, update templates) and cli-spinners (the
//   spinner on a terminal), and minimatch, which matches `oclif.plugins` against the dependencies'
//   names: a plain package name (letters, digits, `.`, `_`, `-`, one optional `@scope/`) has no glob
//   syntax, so minimatch matches it only by equality and the patched filter compares it directly;
//   any other pattern still goes to minimatch. Start-up no longer compiles ~300 kB of them.
// - Bundled but evaluated on first use: node:child_process (Windows shell detection).
// - Config#load's WSL check imports is-wsl, which is what wsl-utils' isWsl is (`export {default as
//   isWsl} from 'is-wsl'`), instead of all of wsl-utils (node:child_process, powershell-utils).
// - Plugin#load sorts its command ids with localeCompare, and the first localeCompare of a process
//   loads ICU's collation data (about 7 ms, on every command). For ids made only of lowercase a-z,
//   `:` and `-` (all of ours and plugin-help's) ICU's root order is the code-point order (`-` before
//   `:` before letters, a prefix first), so they are compared directly; any other id still goes to
//   localeCompare, so the order is unchanged.
// The build fails when a line is no longer found, so an @oclif/core upgrade cannot silently undo
// this; test/integration/packed-package.test.ts runs the result (help, spinner-free commands).
const lazyRequire = (line, {installed = false} = {}) => {
  const [, name, expression] = /^const (\w+) = (.+);$/.exec(line)
  const load = installed
    ? expression.replace(
        /require\(("[^"]+")\)/,
        'require("node:module").createRequire(require.resolve("@oclif/core/package.json"))($1)',
      )
    : expression
  return `let ${name}$loaded; const ${name} = new Proxy({}, {get: (_, key) => (${name}$loaded ??= ${load})[key]});`
}

const installed = (line) => [line, lazyRequire(line, {installed: true})]
const OCLIF_PATCHES = {
  'lib/config/config.js': [installed('const ejs_1 = __importDefault(require("ejs"));')],
  'lib/config/plugin-loader.js': [
    installed('const minimatch_1 = require("minimatch");'),
    [
      '.filter((p) => patterns.some((w) => (0, minimatch_1.minimatch)(p, w)));',
      '.filter((p) => patterns.some((w) => (/^(@[a-z0-9][\\w.-]*\\/)?[a-z0-9][\\w.-]*$/i.test(w) ? p === w : (0, minimatch_1.minimatch)(p, w))));',
    ],
  ],
  'lib/config/plugin.js': [
    installed('const tinyglobby_1 = require("tinyglobby");'),
    [
      '.sort((a, b) => a.id.localeCompare(b.id));',
      '.sort((a, b) => (/^[a-z:-]*$/.test(a.id) && /^[a-z:-]*$/.test(b.id) ? (a.id < b.id ? -1 : a.id > b.id ? 1 : 0) : a.id.localeCompare(b.id)));',
    ],
  ],
  'lib/help/util.js': [installed('const ejs_1 = __importDefault(require("ejs"));')],
  'lib/util/os.js': [
    'const node_child_process_1 = require("node:child_process");',
    ["(await import('wsl-utils')).isWsl", "(await import('is-wsl')).default"],
  ],
  'lib/util/read-pjson.js': [installed('const lilconfig_1 = require("lilconfig");')],
  'lib/ux/action/spinner.js': [installed('const cli_spinners_1 = __importDefault(require("cli-spinners"));')],
}
const patchedOclifFiles = new Set()
const lazyOclif = {
  name: 'lazy-oclif-start-up',
  setup(b) {
    b.onLoad({filter: /[/\\]node_modules[/\\]@oclif[/\\]core[/\\]lib[/\\].*\.js$/}, (args) => {
      const file = Object.keys(OCLIF_PATCHES).find((suffix) => args.path.endsWith(join('@oclif', 'core', suffix)))
      if (!file) return undefined
      let source = readFileSync(args.path, 'utf8')
      for (const patch of OCLIF_PATCHES[file]) {
        const [from, to] = typeof patch === 'string' ? [patch, lazyRequire(patch)] : patch
        if (source.split(from).length !== 2) throw new Error(`@oclif/core/${file} no longer has \`${from}\` once`)
        source = source.replace(from, () => to)
      }

      patchedOclifFiles.add(file)
      return {contents: source, loader: 'js'}
    })
    // A builtin imported by an ES module gets an ES facade that reads all of its exports: for
    // node:process that creates process.stdin (about 3 ms). `process` is the default export's
    // value, so an ES module in a dependency gets it from this module instead. A named import from
    // node:process would fail the build ("No matching export"), not the run.
    b.onResolve({filter: /^(node:)?process$/}, (args) =>
      args.kind === 'import-statement' ? {namespace: 'sni-process', path: 'process'} : undefined,
    )
    b.onLoad({filter: /.*/, namespace: 'sni-process'}, () => ({contents: 'export default process', loader: 'js'}))
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
  plugins: [inlinePackageJson, lazyOclif],
  splitting: true,
  target: 'node20',
  write: false,
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
for (const file of Object.keys(OCLIF_PATCHES))
  if (!patchedOclifFiles.has(file))
    problems.push(`@oclif/core/${file} was not bundled, so not made lazy: check OCLIF_PATCHES`)
if (pkcs12 && !relative(outdir, join(root, pkcs12)).startsWith('chunks/'))
  problems.push(`pkcs12.ts is in ${pkcs12}, not beside chunks/pkcs12-worker.js`)
if (problems.length > 0) {
  console.error(`bundle: ${problems.join('; ')}`)
  process.exit(1)
}

// Each ES module output file as CommonJS. Bundled CommonJS (@oclif/core) calls require() for node:
// built-ins and for plugins at run time: esbuild's __require shim then finds the module's require.
// The dynamic import() expressions (found by parsing, not by pattern, so strings such as the PKCS#12
// worker's source are left alone) are rewritten first:
// - of one of our own chunks (a relative path): a require() in a promise, so the chunk is a CommonJS
//   module with a code cache too;
// - of anything else (@oclif/core loading @oclif/plugin-help by its file URL, @inquirer/*, node:
//   built-ins): bin/dynamic-import.cjs, a native import() in a file Node compiles itself. Code that
//   bin/compile-cache.js compiles with vm.Script cannot use import() on Node 20 without a flag.
const IMPORT_META_URL = '__sniImportMetaUrl'
const DYNAMIC_IMPORT = '__sniDynamicImport'
/** Every node of `type` in the program (acorn's AST), in source order. */
function findNodes(program, type) {
  const found = []
  const walk = (node) => {
    if (node.type === type) found.push(node)
    for (const value of Object.values(node))
      if (Array.isArray(value)) {
        for (const child of value) if (child?.type) walk(child)
      } else if (value?.type) walk(value)
  }

  walk(program)
  return found
}

function rewriteDynamicImports(source, file) {
  const edits = []
  for (const node of findNodes(parse(source, {ecmaVersion: 'latest', sourceType: 'module'}), 'ImportExpression')) {
    const {source: specifier} = node
    if (node.options) problems.push(`${file}: import() with options at ${node.start}`)
    if (specifier.type === 'Literal' && /^\.\.?\//.test(specifier.value))
      edits.push({end: node.end, start: node.start, text: `Promise.resolve().then(() => require(${specifier.raw}))`})
    else edits.push({end: node.start + 'import'.length, start: node.start, text: DYNAMIC_IMPORT})
  }

  // Edits never overlap: an own chunk's import() has a literal argument, any other loses only `import`.
  let out = source
  for (const {end, start, text} of edits.sort((a, b) => b.start - a.start))
    out = out.slice(0, start) + text + out.slice(end)
  return out
}

for (const output of result.outputFiles) {
  const file = relative(outdir, output.path)
  if (!file.endsWith('.js')) throw new Error(`bundle: unexpected output ${file}`)
  const {code} = await transform(rewriteDynamicImports(output.text, file), {
    define: {'import.meta.url': IMPORT_META_URL},
    format: 'cjs',
    legalComments: 'none',
    loader: 'js',
    logLevel: 'warning',
    platform: 'node',
    sourcefile: file,
    target: 'node20',
  })
  // Parsed as a script: an import or export statement left would be a syntax error.
  const program = parse(code, {ecmaVersion: 'latest', sourceType: 'script'})
  const left = [
    ...findNodes(program, 'ImportExpression'),
    ...findNodes(program, 'MetaProperty').filter((node) => node.meta.name === 'import'), // not new.target
  ]
  if (left.length > 0) problems.push(`${file} still has import() or import.meta after the CommonJS transform`)
  const helper = relative(dirname(output.path), join(outdir, '..', 'bin', 'dynamic-import.cjs'))
  const banner = [
    code.includes(IMPORT_META_URL) && `var ${IMPORT_META_URL} = require("node:url").pathToFileURL(__filename).href;`,
    code.includes(DYNAMIC_IMPORT) && `var ${DYNAMIC_IMPORT} = require(${JSON.stringify(helper)});`,
  ].filter(Boolean)
  mkdirSync(dirname(output.path), {recursive: true})
  writeFileSync(output.path, [...banner, code].join('\n'))
}

writeFileSync(join(outdir, 'package.json'), '{"type": "commonjs"}\n')
if (problems.length > 0) {
  console.error(`bundle: ${problems.join('; ')}`)
  process.exit(1)
}

if (process.env.BUNDLE_REPORT) {
  for (const [file, output] of Object.entries(result.metafile.outputs))
    console.log(`${String(output.bytes).padStart(9)} ${file}`)
}
