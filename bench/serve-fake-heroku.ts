// Runs the test suite's fake Heroku Platform API on loopback for `npm run bench`, seeded through
// the real Heroku adapter with ENDPOINTS endpoints (2 domains each) on app `example`. Prints the
// base URL on stdout, then serves until stdin closes. Usage: node --import tsx bench/serve-fake-heroku.ts ENDPOINTS CHAIN KEY
import {readFileSync} from 'node:fs'

import {SecretPem} from '../src/lib/x509/secret-pem.js'
import {createPlatformClient} from '../src/platform/create-platform-client.js'
import {FakeHerokuApi, FAKE_TOKEN} from '../test/helpers/fake-heroku-api.js'

const [count = '10', chainPath = '', keyPath = ''] = process.argv.slice(2)
const endpoints = Number(count)
const api = await FakeHerokuApi.start()
const client = await createPlatformClient('heroku', {env: {HEROKU_API_KEY: FAKE_TOKEN, HEROKU_HOST: api.url}})
const input = {
  certificateChain: readFileSync(chainPath, 'utf8'),
  privateKey: new SecretPem(readFileSync(keyPath, 'utf8')),
}
for (let i = 0; i < endpoints; i++) {
  const endpoint = await client.createSniEndpoint('example', input)
  for (let d = 0; d < 2; d++)
    await client.addDomain('example', {hostname: `e${i}-d${d}.example.com`, sniEndpoint: endpoint.name})
}

client.close()
process.stdout.write(`${api.url}\n`)
process.stdin.resume()
process.stdin.on('end', () => {
  void api.close().then(() => process.exit(0))
})
