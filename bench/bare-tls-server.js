// The router benchmark's references: a bare node:tls server holding the same certificate and key as
// the router's endpoint, doing nothing but handshakes; with --https-sni, a node:https server that
// picks that certificate in an SNICallback (what any HTTPS server choosing certificates by name does
// per connection). Prints its port, serves until stdin closes.
// Usage: node bench/bare-tls-server.js CHAIN KEY [--https-sni]
import {readFileSync} from 'node:fs'
import {createServer as createHttpsServer} from 'node:https'
import {createSecureContext, createServer} from 'node:tls'

const [chain, key, mode] = process.argv.slice(2)
const material = {cert: readFileSync(chain), key: readFileSync(key)}
let server
if (mode === '--https-sni') {
  const context = createSecureContext(material)
  server = createHttpsServer({SNICallback: (_name, callback) => callback(null, context)}, (_req, res) => res.end())
} else server = createServer(material, (socket) => socket.on('error', () => {}))
server.on('tlsClientError', () => {})
server.listen(0, '127.0.0.1', () => process.stdout.write(`${server.address().port}\n`))
process.stdin.resume()
process.stdin.on('end', () => process.exit(0))
