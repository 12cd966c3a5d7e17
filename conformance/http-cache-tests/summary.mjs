// Prints the summaries suite.mjs wrote as a Markdown table, then each mode's failures.
// Usage: node summary.mjs <summary-<mode>.json>...
import fs from 'fs'

const summaries = process.argv.slice(2).map(file => JSON.parse(fs.readFileSync(file, 'utf8')))
const count = (summary, key) => summary.counts[key] || 0

// Required tests Courier fails on purpose; README.md ("HTTP cache conformance") says why.
const deliberate = {
  'headers-store-Set-Cookie': 'Set-Cookie is never stored',
  'headers-store-Set-Cookie2': 'Set-Cookie2 is never stored',
  '304-etag-update-response-Set-Cookie': 'Set-Cookie is never stored',
  '304-etag-update-response-Set-Cookie2': 'Set-Cookie2 is never stored',
  'age-parse-dup-0': 'a list-valued Age counts its first member (RFC 9111 §5.1)',
  'age-parse-dup-old': 'a list-valued Age counts its first member (RFC 9111 §5.1)',
  'headers-store-Transfer-Encoding': 'an unknown transfer coding is refused by the HTTP/1.1 codec',
  'surrogate-no-store-cc-fresh': 'Surrogate-Control is for surrogates (CDNs), not for Courier',
  'surrogate-fresh-cc-nostore': 'Surrogate-Control is for surrogates (CDNs), not for Courier'
}
const undeliberate = summary => summary.failures.filter(f => f.kind === 'required'
  && (f.outcome === 'fail' || f.outcome === 'setup failed') && !(f.id in deliberate)).length
const rows = [
  ['tests run', s => s.total - Object.values(s.surrogate).reduce((a, b) => a + b, 0)],
  ['required: passed', s => count(s, 'required: pass')],
  ['required: failed', s => count(s, 'required: fail')],
  ['required: failed or set-up failed, not a deliberate choice', undeliberate],
  ['optimal: passed', s => count(s, 'optimal: pass')],
  ['optimal: not optimal (optional)', s => count(s, 'optimal: optional fail')],
  ['checks: yes / no', s => `${count(s, 'check: yes')} / ${count(s, 'check: no')}`],
  ['required: not run, a dependency failed', s => count(s, 'required: dependency failed')],
  ['others not run, a dependency failed', s => Object.entries(s.counts)
    .filter(([key]) => key.endsWith('dependency failed') && !key.startsWith('required'))
    .reduce((a, [, n]) => a + n, 0)],
  ['setup failed or retried', s => Object.entries(s.counts)
    .filter(([key]) => key.endsWith('setup failed') || key.endsWith('retry'))
    .reduce((a, [, n]) => a + n, 0)],
  ['Surrogate-Control (CDN) tests: required failed', s => s.surrogate['required: fail'] || 0],
  ['Surrogate-Control (CDN) tests: required not run', s => s.surrogate['required: dependency failed'] || 0]
]
console.log(`| | ${summaries.map(s => `${s.mode} mode`).join(' | ')} |`)
console.log(`|---|${summaries.map(() => '---:').join('|')}|`)
for (const [label, value] of rows) console.log(`| ${label} | ${summaries.map(value).join(' | ')} |`)
for (const summary of summaries) {
  console.log(`\n${summary.mode} mode, not passed:`)
  for (const f of summary.failures) {
    if (f.outcome === 'no') continue
    const why = f.id in deliberate ? ` [deliberate: ${deliberate[f.id]}]` : ''
    console.log(`  ${f.outcome.padEnd(17)} ${f.kind.padEnd(8)} ${f.id}: ${f.detail}${why}`)
  }
}
