// The suite's origin server, bound to loopback only (the package's own server.mjs listens on
// every interface). Usage: node origin.mjs <package directory> <port>
import http from 'http'
import path from 'path'
import { pathToFileURL } from 'url'

const [packageDir, port] = process.argv.slice(2)
const load = file => import(pathToFileURL(path.join(packageDir, 'server', file)).href)
const handlers = {
  config: (await load('handle-config.mjs')).default,
  test: (await load('handle-test.mjs')).default,
  state: (await load('handle-state.mjs')).default
}

const server = http.createServer((request, response) => {
  const segments = new URL(request.url, 'http://127.0.0.1/').pathname.split('/').slice(1)
  const handler = handlers[segments.shift()]
  if (handler) {
    handler(segments, request, response)
  } else {
    response.writeHead(404, { 'Content-Type': 'text/plain' })
    response.end('not found\n')
  }
})
server.listen(Number(port), '127.0.0.1', () => {
  console.log(`origin listening on 127.0.0.1:${server.address().port}`)
})
