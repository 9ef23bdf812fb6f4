// Shared by bench/run.js and bench/router.js: medians, the packed package, and certificates made
// for the run (a fresh clone has no test/fixtures/generated, and needs none).
import {execFileSync, spawn} from 'node:child_process'
import {mkdirSync, writeFileSync} from 'node:fs'
import {dirname, join} from 'node:path'
import {fileURLToPath} from 'node:url'

import {installPackage, packPackage} from '../scripts/packed-package.js'

export const root = join(dirname(fileURLToPath(import.meta.url)), '..')

export function median(values) {
  const sorted = [...values].sort((a, b) => a - b)
  const mid = Math.floor(sorted.length / 2)
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2
}

/** `npm pack`, installed into work/prefix (scripts/packed-package.js); returns the installed `sni` bin. */
export function packedSni(work) {
  console.error('packing and installing the package (npm pack runs prepack: esbuild bundle and oclif manifest)...')
  return installPackage(packPackage(join(work, 'pack')), join(work, 'prefix'))
}

/**
 * A private CA (root, intermediate) and an ECDSA P-256 leaf for www.example.com and *.example.com,
 * made with openssl: leaf.key, chain.pem (leaf, intermediate), fullchain.pem (with the root), root.crt.
 */
export function makeCertificates(dir) {
  mkdirSync(dir, {recursive: true})
  const openssl = (...args) => execFileSync('openssl', args, {cwd: dir, stdio: ['ignore', 'ignore', 'pipe']})
  const ext = (name, text) => writeFileSync(join(dir, name), text)
  ext(
    'ca.ext',
    'basicConstraints=critical,CA:true\nkeyUsage=critical,keyCertSign,cRLSign\nsubjectKeyIdentifier=hash\nauthorityKeyIdentifier=keyid\n',
  )
  ext(
    'leaf.ext',
    'basicConstraints=critical,CA:false\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=serverAuth\nsubjectAltName=DNS:www.example.com,DNS:example.com,DNS:*.example.com\nsubjectKeyIdentifier=hash\nauthorityKeyIdentifier=keyid\n',
  )
  for (const name of ['root', 'intermediate', 'leaf'])
    openssl('genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256', '-out', `${name}.key`)
  openssl(
    'req',
    '-x509',
    '-new',
    '-key',
    'root.key',
    '-subj',
    '/O=Bench/CN=Bench Root CA',
    '-days',
    '3650',
    '-sha256',
    '-extensions',
    'v3_ca',
    '-out',
    'root.crt',
  )
  openssl(
    'req',
    '-new',
    '-key',
    'intermediate.key',
    '-subj',
    '/O=Bench/CN=Bench Intermediate CA',
    '-out',
    'intermediate.csr',
  )
  openssl(
    'x509',
    '-req',
    '-in',
    'intermediate.csr',
    '-CA',
    'root.crt',
    '-CAkey',
    'root.key',
    '-CAcreateserial',
    '-days',
    '1825',
    '-sha256',
    '-extfile',
    'ca.ext',
    '-out',
    'intermediate.crt',
  )
  openssl('req', '-new', '-key', 'leaf.key', '-subj', '/O=Bench/CN=www.example.com', '-out', 'leaf.csr')
  openssl(
    'x509',
    '-req',
    '-in',
    'leaf.csr',
    '-CA',
    'intermediate.crt',
    '-CAkey',
    'intermediate.key',
    '-CAcreateserial',
    '-days',
    '90',
    '-sha256',
    '-extfile',
    'leaf.ext',
    '-out',
    'leaf.crt',
  )
  const read = (name) => execFileSync('cat', [join(dir, name)])
  writeFileSync(join(dir, 'chain.pem'), Buffer.concat([read('leaf.crt'), read('intermediate.crt')]))
  writeFileSync(
    join(dir, 'fullchain.pem'),
    Buffer.concat([read('leaf.crt'), read('intermediate.crt'), read('root.crt')]),
  )
  return {
    chain: join(dir, 'chain.pem'),
    dir,
    fullchain: join(dir, 'fullchain.pem'),
    key: join(dir, 'leaf.key'),
    root: join(dir, 'root.crt'),
  }
}

/**
 * A local store with `count` endpoints on app bench-app (2 domains each: e<i>-d0/1.example.com;
 * endpoint 0 also serves www.example.com), filled through the checkout's compiled platform client
 * (the code path of certs:add and domains:add, minus process start-up). Needs `npm run build`.
 */
export async function seedStore(home, count, certs) {
  mkdirSync(home, {mode: 0o700, recursive: true})
  execFileSync(
    process.execPath,
    [join(root, 'bench', 'seed-local-store.js'), home, 'bench-app', String(count), '2', certs.chain, certs.key],
    {stdio: 'inherit'},
  )
}

/** The test suite's fake Heroku API on loopback (through tsx), seeded with `endpoints`; `stop()` ends it. */
export function startFakeHeroku(endpoints, certs) {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', join(root, 'bench', 'serve-fake-heroku.ts'), String(endpoints), certs.chain, certs.key],
    {cwd: root, stdio: ['pipe', 'pipe', 'inherit']},
  )
  return new Promise((resolve, reject) => {
    child.once('error', reject)
    child.once('exit', (code) => reject(new Error(`fake Heroku API exited ${code}`)))
    child.stdout.once('data', (chunk) => resolve({stop: () => child.stdin.end(), url: chunk.toString().trim()}))
  })
}
