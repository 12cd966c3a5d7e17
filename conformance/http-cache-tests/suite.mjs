// Runs the http-cache-tests suite against a proxy and prints its summary as JSON.
// Usage: node suite.mjs <package directory> <proxy base URL> shared|private [test id]
// With a test id, runs that test alone and prints its exchanges as the package's CLI does.
//
// The tests run as the package's CLI runs them for a proxy, with two changes for the modes:
// browser-only tests run in private mode if they are about private caches (named "private HTTP
// cache"; the rest, about a browser's reload button, run in neither mode), and shared-cache
// tests (named "shared") run in shared mode only. Surrogate-Control tests (for CDNs) run in
// both and are reported apart.
import path from 'path'
import { createRequire } from 'module'
import { pathToFileURL } from 'url'

const [packageDir, base, mode, only] = process.argv.slice(2)
if (!['shared', 'private'].includes(mode)) throw new Error(`mode must be shared or private: ${mode}`)
const load = file => import(pathToFileURL(path.join(packageDir, file)).href)
const fetch = createRequire(path.join(packageDir, 'package.json'))('node-fetch')
const config = await load('client/config.mjs')
const { makeCacheTest, testResults } = await load('client/test.mjs')
const suites = (await load('tests/index.mjs')).default
const surrogate = (await load('tests/surrogate-control.mjs')).default

config.setFetch(fetch)
config.setBaseUrl(base)
config.setUseBrowserCache(false) // As the package's CLI: every header is checked, Set-Cookie too.

function applies (test) {
  if (test.browser_only) return mode === 'private' && /private HTTP cache/i.test(test.name)
  return mode === 'shared' || !/shared/i.test(test.name)
}
const selected = []
for (const suite of [...suites, surrogate]) {
  for (const test of suite.tests) {
    if (only !== undefined ? test.id !== only : !applies(test)) continue
    if (only !== undefined) test.dump = true
    selected.push({ suite: suite.id, test })
  }
}

// As the package's runner: up to 100 tests at once.
for (let i = 0; i < selected.length; i += 100) {
  await Promise.all(selected.slice(i, i + 100).map(entry => makeCacheTest(entry.test)))
}

const byId = new Map(selected.map(entry => [entry.test.id, entry]))
const passed = id => outcome(id) === 'pass' || outcome(id) === 'yes'
function outcome (id) {
  const entry = byId.get(id)
  const result = testResults[id]
  if (entry === undefined || result === undefined) return 'untested'
  for (const dependency of entry.test.depends_on || []) {
    if (!passed(dependency)) return 'dependency failed'
  }
  if (result[0] === 'Setup') return result[1] === 'retry' ? 'retry' : 'setup failed'
  const kind = entry.test.kind || 'required'
  if (kind === 'check') return result === true ? 'yes' : 'no'
  if (result === true) return 'pass'
  return kind === 'required' ? 'fail' : 'optional fail'
}

const summary = { mode, total: selected.length, counts: {}, surrogate: {}, failures: [] }
for (const { suite, test } of selected) {
  const result = outcome(test.id)
  const counts = suite === 'surrogate-control' ? summary.surrogate : summary.counts
  const key = `${test.kind || 'required'}: ${result}`
  counts[key] = (counts[key] || 0) + 1
  if (result !== 'pass' && result !== 'yes') {
    summary.failures.push({
      id: test.id, suite, kind: test.kind || 'required', outcome: result,
      detail: testResults[test.id] === true ? '' : (testResults[test.id] || [])[1] || '',
      name: test.name
    })
  }
}
console.log(JSON.stringify(summary, null, 2))
