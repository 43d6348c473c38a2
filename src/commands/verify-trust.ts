// Subpath imports: the @oclif/core index loads far more than a command needs (start-up time).
import {Command} from '@oclif/core/command'
import * as Flags from '@oclif/core/flags'

import {analyseInput} from '../cli/analyse.js'
import {analysisFlags, settingsOverrides} from '../cli/flags.js'
import {declaredCapability} from '../ack/capability.js'
import {failInOneLine, loadInput} from '../cli/load.js'
import {colorFlags, makePaint, progressReporter} from '../cli/output.js'
import {AwsUnavailableError} from '../aws/causes.js'
import {IamSnapshotError} from '../aws/snapshot-files.js'
import type {LintFinding} from '../findings/verdict.js'
import {exitCodeFor, exitCodeHelp} from '../findings/exit-codes.js'
import {reportExitInput} from '../iam/check.js'
import {planPairs} from '../iam/plan.js'
import {findingsTable} from '../render/findings.js'
import {trustJson, trustTable, type TrustJson} from '../render/trust.js'
import {buildSnapshot} from '../sources/decode.js'

export default class VerifyTrust extends Command {
  static override summary = 'Check that every controller role may assume every role ARN in use: trust policy and identity policies, before deploying.'
  static override description = `Pairs the controller's own role (its ServiceAccount's eks.amazonaws.com/role-arn, or --source-role-arn) with every role ARN in CARM ConfigMaps, IAMRoleSelectors or --role-arn, and checks each pair: a well-formed role ARN in the same partition, a trust policy that allows the controller's role to sts:AssumeRole (evaluated by ackctl; AWS's simulator ignores trust policies), and the controller role's own policies (iam:SimulatePrincipalPolicy, or ackctl's evaluator offline). IAM data comes from the AWS API (standard credential chain) or from --iam-snapshot files.

${exitCodeHelp()}`
  static override examples = [
    '<%= config.bin %> verify-trust -f cluster.yaml',
    '<%= config.bin %> verify-trust --context prod --audit-role-name OrganizationAccountAccessRole',
    '<%= config.bin %> verify-trust -f cluster.yaml --iam-snapshot acct-111.json --iam-snapshot acct-222.json -o json',
    '<%= config.bin %> verify-trust --source-role-arn arn:aws:iam::111111111111:role/ack-s3 --role-arn arn:aws:iam::222222222222:role/ack-target',
  ]
  static override enableJsonFlag = true
  /** File arguments are read like -f. */
  static override strict = false
  static override flags = {
    ...analysisFlags,
    ...colorFlags,
    'source-role-arn': Flags.string({summary: 'The controller\'s own role, instead of its ServiceAccount\'s eks.amazonaws.com/role-arn.'}),
    'role-arn': Flags.string({summary: 'A role ARN to check (repeatable). Without -f/--context, no cluster is read.', multiple: true}),
    'iam-snapshot': Flags.string({summary: 'Offline: `aws iam get-account-authorization-details` JSON, one file per account (repeatable).', multiple: true, helpGroup: 'AWS'}),
    'audit-role-name': Flags.string({summary: 'Role NAME assumed as arn:<partition>:iam::<account>:role/NAME to read IAM in other accounts.', helpGroup: 'AWS'}),
    profile: Flags.string({summary: 'AWS shared-config profile for ackctl\'s own calls.', helpGroup: 'AWS'}),
    region: Flags.string({summary: 'AWS region for ackctl\'s own STS/IAM calls.', helpGroup: 'AWS'}),
    'endpoint-url': Flags.string({summary: 'IAM/STS-compatible endpoint for ackctl\'s own calls.', helpGroup: 'AWS'}),
    'principal-org-id': Flags.string({summary: 'The AWS Organizations id of the controller\'s account, for aws:PrincipalOrgID conditions.', helpGroup: 'AWS'}),
    probe: Flags.boolean({summary: 'Really call sts:AssumeRole per pair with the current credentials (e.g. inside the controller pod); credentials are discarded.', default: false, helpGroup: 'AWS'}),
    output: Flags.string({char: 'o', summary: 'Output format.', options: ['table', 'json'], default: 'table'}),
    'allow-unknown': Flags.boolean({summary: 'UNKNOWN pairs (missing IAM data or access, or a condition ackctl cannot decide) do not make the exit code 3.', default: false}),
  }

  async run(): Promise<TrustJson & {findings: LintFinding[]}> {
    const {flags, argv} = await this.parse(VerifyTrust)
    const roleArns = flags['role-arn'] ?? []
    const files = [...(flags.filename ?? []), ...(argv as string[])]
    const readCluster = roleArns.length === 0 || files.length > 0 || flags.context !== undefined || flags.kubeconfig !== undefined
    const snapshot = readCluster ? await loadInput(this, flags, argv as string[]) : buildSnapshot([])
    const analysis = await analyseInput(this, snapshot, flags)
    // Checked by analyseInput; taken from the flags because, with only --role-arn, there are no controllers.
    const capability = declaredCapability(settingsOverrides(flags))
    if (capability && flags['source-role-arn'] !== undefined && flags['source-role-arn'] !== capability.roleARN) {
      failInOneLine(this, `--source-role-arn ${flags['source-role-arn']} contradicts --eks-capability-role-arn: the EKS Capability assumes every selector's role from its capability role ${capability.roleARN}`, 2)
    }
    const pairs = planPairs(snapshot, {controllers: analysis.controllers, sourceRoleArn: flags['source-role-arn'], roleArns, capability})

    const {openIamSource} = await import('../aws/open-source.js')
    const {verifyPairs} = await import('../iam/verify.js')
    let opened: Awaited<ReturnType<typeof openIamSource>>
    try {
      opened = await openIamSource({
        snapshots: flags['iam-snapshot'] ?? [], probe: flags.probe, profile: flags.profile, region: flags.region,
        endpoint: flags['endpoint-url'], auditRoleName: flags['audit-role-name'],
      })
    } catch (error) {
      if (error instanceof IamSnapshotError) this.error(error.message, {exit: 2})
      if (error instanceof AwsUnavailableError) failInOneLine(this, error.message, 3)
      throw error
    }
    const progress = progressReporter(!this.jsonEnabled())
    const report = await verifyPairs(pairs, opened.source, {
      orgId: flags['principal-org-id'], probe: flags.probe, capability, progress: progress && ((done, total) => progress(`verify-trust: ${done}/${total} pairs checked`)),
    })
    if (progress) process.stderr.write('\r\u001b[2K')
    if (!snapshot.complete) report.notes.push('the cluster could not be read completely: role ARNs may be missing from this report')

    const exit = reportExitInput(report, {allowUnknown: flags['allow-unknown']})
    process.exitCode = exitCodeFor({...analysis.summary, failed: analysis.summary.failed || exit.failures, complete: analysis.summary.complete && !exit.incomplete})
    // The input's problems, as every command reports them (an extension of the JSON contract).
    const json = {...trustJson(report), findings: analysis.findings}
    if (this.jsonEnabled()) return json
    if (flags.output === 'json') this.log(JSON.stringify(json, null, 2))
    else {
      process.stdout.write(trustTable(report, (await makePaint(flags))))
      const shown = analysis.findings.filter((f) => f.severity !== 'info')
      if (shown.length > 0) process.stdout.write(`\nFINDINGS (the input, as lint reports it)\n${findingsTable(shown)}\n`)
    }
    return json
  }
}
