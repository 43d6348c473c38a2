import {strict as assert} from 'node:assert'
import {spawn} from 'node:child_process'
import {readFileSync, writeFileSync, mkdtempSync, rmSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'

import {ackctl} from '../support/cli.js'
import {REPO_ROOT} from '../support/vectors.js'

const golden = (name: string) => join(REPO_ROOT, 'test', 'golden', name)

function checkGolden(name: string, actual: string): void {
  if (process.env.UPDATE_GOLDEN === '1') writeFileSync(golden(name), actual)
  assert.equal(actual, readFileSync(golden(name), 'utf8'), `output differs from test/golden/${name} (UPDATE_GOLDEN=1 rewrites it; review the diff)`)
}

describe('ackctl resolve (command)', function () {
  this.timeout(60_000)

  it('prints the demo as a table, exits 1 because some resources are predicted to fail', () => {
    const res = ackctl(['resolve', '-f', 'fixtures/demo'])
    assert.equal(res.status, 1, res.stderr)
    checkGolden('demo-table.txt', res.stdout)
  })

  it('prints the documented JSON contract with -o json, identical to --json', () => {
    const a = ackctl(['resolve', '-f', 'fixtures/demo', '-o', 'json'])
    const b = ackctl(['resolve', '-f', 'fixtures/demo', '--json'])
    assert.equal(a.status, 1)
    assert.equal(b.status, 1)
    assert.deepEqual(JSON.parse(a.stdout), JSON.parse(b.stdout))
    checkGolden('demo.json', a.stdout)
    const json = JSON.parse(a.stdout)
    const experiments = json.resources.find((r: {name: string}) => r.name === 'experiments')
    assert.equal(experiments.outcome, 'RECONCILE_ERROR')
    assert.equal(experiments.error, 'multiple (2) matching IAMRoleSelectors found')
    assert.deepEqual(experiments.conflictingSelectors, ['dev-default', 'sandbox'])
  })

  it('reads manifests from stdin with -f -, as piped from kubectl get -o yaml', () => {
    const list = {
      apiVersion: 'v1', kind: 'List', items: [
        {apiVersion: 'v1', kind: 'Namespace', metadata: {name: 'team-a', annotations: {'services.k8s.aws/owner-account-id': '111111111111'}}},
        {apiVersion: 'v1', kind: 'ConfigMap', metadata: {name: 'ack-role-account-map', namespace: 'ack-system'}, data: {'111111111111': 'arn:aws:iam::111111111111:role/team-a'}},
        {apiVersion: 's3.services.k8s.aws/v1alpha1', kind: 'Bucket', metadata: {name: 'b', namespace: 'team-a'}},
      ],
    }
    const res = ackctl(['resolve', '-f', '-', '--aws-region', 'us-east-1', '--account-id', '999999999999', '-o', 'json'], {input: JSON.stringify(list)})
    assert.equal(res.status, 0, res.stderr)
    const [bucket] = JSON.parse(res.stdout).resources
    assert.equal(bucket.outcome, 'ASSUME_ROLE')
    assert.equal(bucket.roleARN, 'arn:aws:iam::111111111111:role/team-a')
    assert.equal(bucket.source, 'carm-account')
  })

  it('--explain prints the decision steps for one resource', () => {
    const res = ackctl(['resolve', '-f', 'fixtures/demo', '--explain', 'bucket/clickstream', '-n', 'analytics'])
    assert.equal(res.status, 1)
    assert.match(res.stdout, /Bucket analytics\/clickstream/)
    assert.match(res.stdout, /\[carm-team\] ConfigMap ack-system\/ack-role-team-map key "data-team"/)
    assert.match(res.stdout, /\[account-drift\] recorded account 111111111111 differs from the role's account 222222222222/)
  })

  it('--explain on an unknown resource is a usage error naming it', () => {
    const res = ackctl(['resolve', '-f', 'fixtures/demo', '--explain', 'bucket/nope'])
    assert.equal(res.status, 2)
    assert.match(res.stderr, /no ACK resource bucket\/nope/)
    assert.doesNotMatch(res.stderr, /    at /)
  })

  it('controller flags override every Deployment: enabling the gate without --enable-carm=false stops the controllers', () => {
    const res = ackctl(['resolve', '-f', 'fixtures/demo', '--feature-gates', 'IAMRoleSelector=true', '-o', 'json'])
    const json = JSON.parse(res.stdout)
    assert.equal(res.status, 1)
    const bucket = json.resources.find((r: {name: string}) => r.name === 'invoices')
    assert.equal(bucket.outcome, 'STARTUP_ERROR')
    assert.equal(bucket.error, "cannot enable feature gate 'IAMRoleSelector' when flag 'enable-carm' is set to true")
  })

  it('filters with -n and --kind', () => {
    const res = ackctl(['resolve', '-f', 'fixtures/demo', '-n', 'payments', '--kind', 'tables', '-o', 'json'])
    const json = JSON.parse(res.stdout)
    assert.deepEqual(json.resources.map((r: {name: string}) => r.name), ['ledger'])
    assert.deepEqual(json.namespaces.map((n: {name: string}) => n.name), ['payments'])
    assert.deepEqual(json.namespaces[0].kinds.map((k: {kind: string}) => k.kind), ['Table'])
    // Filters narrow the view; the verdict (and the findings) are about the whole input, as in lint.
    assert.equal(res.status, 1)
    assert.equal(json.findings.length, JSON.parse(ackctl(['resolve', '-f', 'fixtures/demo', '-o', 'json']).stdout).findings.length)
  })

  it('a filter that matches nothing says so, and what the input holds (-n nosuchns, --kind s3)', () => {
    const ns = ackctl(['resolve', '-f', 'fixtures/demo', '-n', 'nosuchns'])
    assert.match(ns.stdout, /\(no ACK resources match -n\/--kind; see stderr for what the input holds\)/)
    assert.match(ns.stderr, /^ackctl: -n nosuchns matched nothing; the input holds namespaces ack-system, analytics, checkout, kube-system, payments, sandbox and kinds Bucket\.s3\.services\.k8s\.aws, Table\.dynamodb\.services\.k8s\.aws$/m)
    const kind = ackctl(['resolve', '-f', 'fixtures/demo', '--kind', 's3'])
    assert.match(kind.stderr, /^ackctl: --kind s3 matched nothing; the input holds namespaces .* and kinds Bucket\.s3\.services\.k8s\.aws, Table\.dynamodb\.services\.k8s\.aws$/m)
  })

  it('more than 512 MiB on standard input is refused like a file that large: exit 2 and a message', async function () {
    this.timeout(120_000)
    const child = spawn(process.execPath, ['--import', 'tsx', join(REPO_ROOT, 'bin', 'run.js'), 'resolve', '-f', '-'], {cwd: REPO_ROOT, env: {...process.env, NODE_ENV: 'test', NO_COLOR: '1'}})
    let stderr = ''
    child.stderr.on('data', (c: Buffer) => { stderr += c.toString() })
    child.stdout.resume()
    child.stdin.on('error', () => undefined) // ackctl stops reading at the limit
    const chunk = Buffer.alloc(4 * 1024 * 1024, '# padding line of a huge dump\n')
    const code = new Promise<number | null>((resolve) => child.on('close', resolve))
    for (let sent = 0; sent <= 513 * 1024 * 1024 && child.exitCode === null && !child.stdin.destroyed; sent += chunk.length) {
      if (!child.stdin.write(chunk)) await new Promise((resolve) => child.stdin.once('drain', resolve).once('close', resolve))
    }
    child.stdin.end()
    assert.equal(await code, 2, stderr)
    assert.match(stderr, /standard input: more than the 536870912 bytes ackctl reads; split the input/)
    assert.doesNotMatch(stderr, /ERR_STRING_TOO_LONG|\n\s+at /)
  })

  it('a selector conflict names the rule that failed in JSON as in the table', () => {
    const json = JSON.parse(ackctl(['resolve', '-f', 'fixtures/demo', '-o', 'json']).stdout)
    const table = ackctl(['resolve', '-f', 'fixtures/demo']).stdout
    const conflict = json.resources.find((r: {name: string}) => r.name === 'experiments')
    assert.equal(conflict.source, 'iamroleselector')
    assert.deepEqual(conflict.conflictingSelectors, ['dev-default', 'sandbox'])
    assert.match(table, /experiments +RECONCILE_ERROR +multiple \(2\) matching IAMRoleSelectors found +iamroleselector dev-default,sandbox/)
  })

  it('an unreadable file is a usage error (exit 2) naming the path, without a stack trace', () => {
    const res = ackctl(['resolve', '-f', 'fixtures/does-not-exist.yaml'])
    assert.equal(res.status, 2)
    assert.match(res.stderr, /cannot read fixtures\/does-not-exist\.yaml: no such file or directory/)
    assert.doesNotMatch(res.stderr, /    at /)
  })

  it('a document that does not parse is a finding with file and line; the other files still resolve', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ackctl-'))
    try {
      writeFileSync(join(dir, 'a.yaml'), 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: ok\n---\nfoo: [unclosed\n')
      writeFileSync(join(dir, 'b.yaml'), 'apiVersion: s3.services.k8s.aws/v1alpha1\nkind: Bucket\nmetadata: {name: b, namespace: ok}\n')
      const res = ackctl(['resolve', '-f', dir, '--aws-region', 'us-east-1', '-o', 'json'])
      assert.equal(res.status, 2, 'a document that does not parse is an input error, after the rest is resolved')
      const json = JSON.parse(res.stdout)
      assert.equal(json.resources.length, 1)
      const bad = json.findings.find((f: {rule: string}) => f.rule === 'input-invalid')
      assert.equal(bad.file, join(dir, 'a.yaml'))
      assert.equal(bad.line, 6)
    } finally {
      rmSync(dir, {recursive: true, force: true})
    }
  })

  it('counts documents it does not use on stderr, and leaves stdout to the report', () => {
    const service = 'apiVersion: v1\nkind: Service\nmetadata: {name: web, namespace: payments}\n---\njust: a map\n'
    const res = ackctl(['resolve', '-f', 'fixtures/demo', '-f', '-', '-n', 'payments', '-o', 'json'], {input: service})
    assert.match(res.stderr, /ackctl: 29 documents read: 27 used, 2 skipped \(not Kubernetes objects, Helm templates, or kinds role resolution does not use\)/)
    const json = JSON.parse(res.stdout)
    // A document that is not a Kubernetes object (Helm values, a workflow file) is counted, never a finding.
    assert.deepEqual(json.findings.filter((f: {rule: string}) => f.rule === 'input-invalid'), [])
    assert.equal(res.status, 1)
  })

  it('-o yaml, markdown and wide render the same report', () => {
    const yaml = ackctl(['resolve', '-f', 'fixtures/demo', '-o', 'yaml'])
    assert.match(yaml.stdout, /^resources:\n/)
    const md = ackctl(['resolve', '-f', 'fixtures/demo', '-o', 'markdown'])
    checkGolden('demo.md', md.stdout)
    const wide = ackctl(['resolve', '-f', 'fixtures/demo', '-o', 'wide'])
    assert.match(wide.stdout, /ACCOUNT\s+REGION\s+ENDPOINT/)
    assert.match(wide.stdout, /Bucket\.s3\.services\.k8s\.aws\s+events\s+ASSUME_ROLE\s+arn:aws:iam::222222222222:role\/ack-data\s+carm-team\s+222222222222\s+eu-west-1/)
  })

  it('-o mermaid and -o dot draw the routing: one node per distinct route, failures marked, grouped by account', () => {
    const mermaid = ackctl(['resolve', '-f', 'fixtures/demo', '-o', 'mermaid'])
    checkGolden('demo.mmd', mermaid.stdout)
    assert.match(mermaid.stdout, /^flowchart LR\n/)
    assert.match(mermaid.stdout, /"RECONCILE_ERROR: multiple \(2\) matching IAMRoleSelectors found"\]:::fail/)
    checkGolden('demo.dot', ackctl(['resolve', '-f', 'fixtures/demo', '-o', 'dot']).stdout)
    // Hundreds of namespaces that route alike stay one node: the graph grows with routes, not namespaces.
    const many = ['apiVersion: s3.services.k8s.aws/v1alpha1\nkind: Bucket\nmetadata: {name: b, namespace: ns-0}\n',
      ...Array.from({length: 300}, (_, i) => `apiVersion: v1\nkind: Namespace\nmetadata: {name: ns-${i}}\n`)].join('---\n')
    const big = ackctl(['resolve', '-f', '-', '-o', 'mermaid'], {input: many})
    assert.match(big.stdout, /"300 namespaces: ns-0, ns-1, ns-10, ns-100 \+296 more \(Bucket\)"/)
    assert.ok(big.stdout.split('\n').length < 12, big.stdout)
  })

  it('an unknown -o value is refused with the accepted list', () => {
    const res = ackctl(['resolve', '-f', 'fixtures/demo', '-o', 'xml'])
    assert.equal(res.status, 2)
    assert.match(res.stderr.replace(/\s*\n ›\s*/g, ' '), /Expected --output=xml to be one of: table, wide, json, yaml, markdown/)
  })
})
