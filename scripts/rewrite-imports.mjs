#!/usr/bin/env node
// Rewrites relative import specifiers after files were moved or merged, from a map of moves.
//
//   node scripts/rewrite-imports.mjs [--map docs/moves-12a.txt] [--check] [file.ts ...]
//
// The map has one move a line, `old/path.ts -> new/path.ts`, paths from the repository root (a file
// merged into another names the file it went into; `#` starts a comment). With no files given, every
// .ts file under src/, test/, bench/ and scripts/ is rewritten. A specifier is left alone when it
// still resolves to an existing file. Otherwise the file it named is looked up in the map, resolving
// the specifier from the importing file's own former location(s) too, so a file that moved keeps its
// imports right. Imports that now name the importing file itself (merged into it) are dropped, and
// single-line named imports of one module are joined into one statement. --check only lists what
// would change (exit 1 if anything would).
import {existsSync, readdirSync, readFileSync, statSync, writeFileSync} from 'node:fs'
import {dirname, join, normalize, relative} from 'node:path'

const args = process.argv.slice(2)
let mapFile = 'docs/moves-12a.txt'
let check = false
const files = []
for (let i = 0; i < args.length; i++) {
  if (args[i] === '--map') mapFile = args[++i]
  else if (args[i] === '--check') check = true
  else files.push(args[i])
}

const toPosix = (p) => p.split('\\').join('/')
const moves = new Map()
for (const raw of readFileSync(mapFile, 'utf8').split('\n')) {
  const line = raw.replace(/#.*/, '').trim()
  if (line === '') continue
  const match = /^(\S+)\s*->\s*(\S+)$/.exec(line)
  if (!match) throw new Error(`${mapFile}: not a move: ${raw}`)
  moves.set(toPosix(normalize(match[1])), toPosix(normalize(match[2])))
}

/** Follows chains (a -> b, b -> c) to the final place. */
function finalPlace(path) {
  const seen = new Set()
  let current = path
  while (moves.has(current) && !seen.has(current)) {
    seen.add(current)
    current = moves.get(current)
  }

  return current
}

/** Former paths of each file (every path whose chain ends there). */
const formerPaths = new Map()
for (const from of moves.keys()) {
  const to = finalPlace(from)
  formerPaths.set(to, [...(formerPaths.get(to) ?? []), from])
}

function walk(dir, out) {
  if (!existsSync(dir)) return out
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules' || name === 'dist' || name.startsWith('.')) continue
    const path = join(dir, name)
    if (statSync(path).isDirectory()) walk(path, out)
    else if (/\.(ts|mts)$/.test(name) && !name.endsWith('.d.ts')) out.push(toPosix(path))
  }

  return out
}

const targets =
  files.length > 0
    ? files.map((f) => toPosix(normalize(f)))
    : ['src', 'test', 'bench', 'scripts'].flatMap((d) => walk(d, []))

/** The repository path a specifier names from a directory (`./x.js` names x.ts). */
function resolveFrom(dir, spec) {
  const path = toPosix(normalize(join(dir, spec)))
  return path.endsWith('.js') && !existsSync(path) ? `${path.slice(0, -3)}.ts` : path
}

function specifierFor(file, target, original) {
  let spec = toPosix(relative(dirname(file), target))
  if (!spec.startsWith('.')) spec = `./${spec}`
  if (original.endsWith('.js') && spec.endsWith('.ts')) spec = `${spec.slice(0, -3)}.js`
  return spec
}

function rewriteSpecifier(file, spec, problems) {
  const named = resolveFrom(dirname(file), spec)
  if (named === file) return null
  // a file that took others in keeps one spelling per module, so their imports can be joined
  if (existsSync(named)) return formerPaths.has(file) ? specifierFor(file, named, spec) : spec
  const candidates = [file, ...(formerPaths.get(file) ?? [])]
  for (const from of candidates) {
    const named = resolveFrom(dirname(from), spec)
    const target = finalPlace(named)
    if (existsSync(target)) return target === file ? null : specifierFor(file, target, spec)
  }

  problems.push(`${file}: cannot resolve ${spec}`)
  return spec
}

const IMPORT = /((?:\bfrom|\bimport)\s*\(?\s*)(['"])(\.{1,2}\/[^'"]*)\2/g

/** Joins single-line `import {a} from 'x'` / `import type {b} from 'x'` statements of one module. */
function joinImports(text) {
  const lines = text.split('\n')
  const bySpec = new Map()
  lines.forEach((line, index) => {
    const m = /^import (type )?\{([^}]*)\} from (['"][^'"]+['"])$/.exec(line)
    if (m) bySpec.set(m[3], [...(bySpec.get(m[3]) ?? []), {index, names: m[2], type: Boolean(m[1])}])
  })
  const drop = new Set()
  for (const [spec, found] of bySpec) {
    if (found.length < 2) continue
    const allType = found.every((f) => f.type)
    const names = found.flatMap((f) =>
      f.names
        .split(',')
        .map((n) => n.trim())
        .filter(Boolean)
        .map((n) => (f.type && !allType && !n.startsWith('type ') ? `type ${n}` : n)),
    )
    const values = new Set(names.filter((n) => !n.startsWith('type ')))
    const unique = [...new Set(names)].filter((n) => !(n.startsWith('type ') && values.has(n.slice(5))))
    lines[found[0].index] = `import ${allType ? 'type ' : ''}{${unique.join(', ')}} from ${spec}`
    for (const f of found.slice(1)) drop.add(f.index)
  }

  return lines.filter((_, i) => !drop.has(i)).join('\n')
}

const problems = []
let changed = 0
for (const file of targets) {
  if (!existsSync(file)) continue
  const before = readFileSync(file, 'utf8')
  let after = before.replace(IMPORT, (whole, head, quote, spec) => {
    const next = rewriteSpecifier(file, spec, problems)
    if (next === null) return `${head}${quote}__SELF__${quote}`
    return `${head}${quote}${next}${quote}`
  })
  // an import of the file itself (it was merged into this one): its names are now local
  after = after.replace(/^import [^\n]*['"]__SELF__['"]\n/gm, '')
  if (after.includes('__SELF__')) problems.push(`${file}: a multi-line import names the file itself; remove it by hand`)
  after = joinImports(after)
  if (after !== before) {
    changed++
    if (check) console.log(`would change ${file}`)
    else writeFileSync(file, after)
  }
}

for (const p of problems) console.error(p)
console.error(`${check ? 'would change' : 'changed'} ${changed} file(s)`)
if ((check && changed > 0) || problems.length > 0) process.exitCode = 1
