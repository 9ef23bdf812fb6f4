// Fills a local-platform store through the compiled platform client (the same code path as
// `sni certs:add` and `sni domains:add`, minus process start-up): ENDPOINTS endpoints on one app,
// each with DOMAINS_PER_ENDPOINT associated domains. Usage: node bench/seed-local-store.js HOME APP N [D]
import {readFileSync} from 'node:fs'
import {join} from 'node:path'

const [home, app, endpoints = '0', perEndpoint = '2'] = process.argv.slice(2)
const root = join(import.meta.dirname, '..')
const {openLocalPlatformClient} = await import(join(root, 'dist', 'platform', 'local', 'local-platform-client.js'))
const {SecretPem} = await import(join(root, 'dist', 'lib', 'cert', 'secret-pem.js'))
const fixtures = join(root, 'test', 'fixtures', 'generated')
const chain = readFileSync(join(fixtures, 'chain-wildcard.pem'), 'utf8')
const privateKey = new SecretPem(readFileSync(join(fixtures, 'wildcard.key'), 'utf8'))

const client = openLocalPlatformClient({home})
try {
  // The app exists (and the store is created) even when no endpoint is wanted.
  await client.addDomain(app, {hostname: `seed.${app}.example.com`, sniEndpoint: null})
  for (let i = 0; i < Number(endpoints); i++) {
    const endpoint = await client.createSniEndpoint(app, {certificateChain: chain, privateKey})
    for (let d = 0; d < Number(perEndpoint); d++) {
      await client.addDomain(app, {hostname: `e${i}-d${d}.example.com`, sniEndpoint: endpoint.name})
    }
  }
} finally {
  client.close()
}
