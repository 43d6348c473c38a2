import {createServer, request as httpRequest, type IncomingMessage, type Server, type ServerResponse} from 'node:http'

/**
 * A loopback stand-in for the one IAM Query API action moto lacks, `SimulatePrincipalPolicy`,
 * in front of a real moto_server: every other request is proxied to moto unchanged. It can also
 * answer chosen actions with an AWS error (AccessDenied, Throttling) to test missing access and
 * retries, and it records the actions it saw.
 */
export interface SimulateAnswer {
  decision: 'allowed' | 'explicitDeny' | 'implicitDeny'
  matched?: Array<{policyId: string; type?: string; line?: number}>
  boundaryAllowed?: boolean
  missingContext?: string[]
}

export interface Fault {
  action: string
  /** Only requests with this RoleName / RoleArn / PolicySourceArn parameter (any when absent). */
  match?: string
  code: string
  status: number
  /** How many times to fail (default: always). */
  times?: number
}

export interface StubOptions {
  upstream: string
  /** The simulator's answer; `undefined` proxies to moto (which answers HTTP 500). */
  simulate?: (input: {source: string; resource: string; action: string}) => SimulateAnswer | undefined
  faults?: Fault[]
}

export interface SimulateStub {
  endpoint: string
  /** `Action` of every request, with its RoleName or RoleArn when it has one. */
  calls: Array<{action: string; target?: string}>
  stop(): Promise<void>
}

const NS = 'https://iam.amazonaws.com/doc/2010-05-08/'
const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')

function simulateXml(answer: SimulateAnswer, action: string, resource: string): string {
  const matched = (answer.matched ?? []).map((m) =>
    `<member><SourcePolicyId>${esc(m.policyId)}</SourcePolicyId><SourcePolicyType>${esc(m.type ?? 'IAM Policy')}</SourcePolicyType>` +
    `<StartPosition><Line>${m.line ?? 1}</Line><Column>1</Column></StartPosition><EndPosition><Line>${m.line ?? 1}</Line><Column>2</Column></EndPosition></member>`).join('')
  const missing = (answer.missingContext ?? []).map((k) => `<member>${esc(k)}</member>`).join('')
  const boundary = answer.boundaryAllowed === undefined ? ''
    : `<PermissionsBoundaryDecisionDetail><AllowedByPermissionsBoundary>${answer.boundaryAllowed}</AllowedByPermissionsBoundary></PermissionsBoundaryDecisionDetail>`
  return `<SimulatePrincipalPolicyResponse xmlns="${NS}"><SimulatePrincipalPolicyResult><IsTruncated>false</IsTruncated><EvaluationResults><member>` +
    `<EvalActionName>${esc(action)}</EvalActionName><EvalResourceName>${esc(resource)}</EvalResourceName><EvalDecision>${answer.decision}</EvalDecision>` +
    `<MatchedStatements>${matched}</MatchedStatements><MissingContextValues>${missing}</MissingContextValues>${boundary}` +
    `</member></EvaluationResults></SimulatePrincipalPolicyResult><ResponseMetadata><RequestId>stub-1</RequestId></ResponseMetadata></SimulatePrincipalPolicyResponse>`
}

function errorXml(code: string): string {
  return `<ErrorResponse xmlns="${NS}"><Error><Type>Sender</Type><Code>${esc(code)}</Code><Message>${esc(`${code} (simulate-stub)`)}</Message></Error><RequestId>stub-err</RequestId></ErrorResponse>`
}

export async function startSimulateStub(opts: StubOptions): Promise<SimulateStub> {
  const calls: SimulateStub['calls'] = []
  const remaining = new Map((opts.faults ?? []).map((f, i) => [i, f.times ?? Infinity]))
  const upstream = new URL(opts.upstream)

  const handle = (req: IncomingMessage, res: ServerResponse, body: Buffer) => {
    const params = new URLSearchParams(body.toString('utf8'))
    const action = params.get('Action') ?? ''
    const target = params.get('RoleName') ?? params.get('RoleArn') ?? params.get('PolicySourceArn') ?? undefined
    calls.push({action, ...(target ? {target} : {})})
    const send = (status: number, xml: string) => {
      res.writeHead(status, {'content-type': 'text/xml'})
      res.end(xml)
    }
    for (const [i, fault] of (opts.faults ?? []).entries()) {
      const left = remaining.get(i) ?? 0
      if (fault.action === action && left > 0 && (fault.match === undefined || fault.match === target)) {
        remaining.set(i, left - 1)
        send(fault.status, errorXml(fault.code))
        return
      }
    }
    if (action === 'SimulatePrincipalPolicy' && opts.simulate) {
      const resource = params.get('ResourceArns.member.1') ?? '*'
      const act = params.get('ActionNames.member.1') ?? ''
      const answer = opts.simulate({source: params.get('PolicySourceArn') ?? '', resource, action: act})
      if (answer) {
        send(200, simulateXml(answer, act, resource))
        return
      }
    }
    const proxied = httpRequest({
      host: upstream.hostname, port: upstream.port, method: req.method, path: req.url,
      headers: {...req.headers, host: upstream.host, 'content-length': String(body.length)},
    }, (up) => {
      res.writeHead(up.statusCode ?? 502, up.headers)
      up.pipe(res)
    })
    proxied.on('error', (e) => send(502, errorXml(`ProxyError ${e.message}`)))
    proxied.end(body)
  }

  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => handle(req, res, Buffer.concat(chunks)))
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const address = server.address()
  const port = typeof address === 'object' && address ? address.port : 0
  return {
    endpoint: `http://127.0.0.1:${port}`,
    calls,
    stop: () => new Promise<void>((resolve) => {
      server.closeAllConnections()
      server.close(() => resolve())
    }),
  }
}
