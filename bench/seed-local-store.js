// Fills a local-platform store through the compiled platform client (the same code path as
// `sni certs:add` and `sni domains:add`, minus process start-up): ENDPOINTS endpoints on one app,
// each with DOMAINS_PER_ENDPOINT associated domains e<i>-d<n>.example.com; endpoint 0 also serves
// www.example.com. Usage: node bench/seed-local-store.js HOME APP N D CHAIN KEY   (after npm run build)
import {readFileSync} from 'node:fs'
import {join} from 'node:path'

const [home, app, endpoints = '0', perEndpoint = '2', chainPath, keyPath] = process.argv.slice(2)
const root = join(import.meta.dirname, '..')
const {openLocalPlatformClient} = await import(join(root, 'dist', 'platform', 'local', 'local-platform-client.js'))
const {SecretPem} = await import(join(root, 'dist', 'lib', 'x509', 'secret-pem.js'))
const chain = readFileSync(chainPath, 'utf8')
const privateKey = new SecretPem(readFileSync(keyPath, 'utf8'))

const client = openLocalPlatformClient({home})
try {
  // The app exists (and the store is created) even when no endpoint is wanted.
  await client.addDomain(app, {hostname: `seed.${app}.example.com`, sniEndpoint: null})
  for (let i = 0; i < Number(endpoints); i++) {
    const endpoint = await client.createSniEndpoint(app, {certificateChain: chain, privateKey})
    if (i === 0) await client.addDomain(app, {hostname: 'www.example.com', sniEndpoint: endpoint.name})
    for (let d = 0; d < Number(perEndpoint); d++) {
      await client.addDomain(app, {hostname: `e${i}-d${d}.example.com`, sniEndpoint: endpoint.name})
    }

    if (i > 0 && i % 2000 === 0) process.stderr.write(`  seeded ${i} endpoints\n`)
  }
} finally {
  client.close()
}
