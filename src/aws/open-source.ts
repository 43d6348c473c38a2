import type {IamSource} from '../iam/source.js'
import type {SessionOptions} from './session.js'

export interface OpenOptions extends SessionOptions {
  /** `--iam-snapshot` files: offline, no IAM calls. */
  snapshots: string[]
  probe: boolean
}

/**
 * The IAM data source for verify-trust: snapshots when given (offline), else the IAM API with the
 * standard credential chain. The AWS SDK is imported only when a network call is needed.
 */
export async function openIamSource(opts: OpenOptions): Promise<{source: IamSource; notes: string[]}> {
  const online = async () => {
    const [{AwsSession}, {SdkIamSource}, {AwsUnavailableError}] = await Promise.all([import('./session.js'), import('./sdk-source.js'), import('./causes.js')])
    const session = new AwsSession(opts)
    // Who the credentials are, once: a missing profile or an unreachable endpoint is one root cause, not one per pair.
    const who = await session.caller()
    if ('status' in who) throw new AwsUnavailableError(who.detail)
    return {source: new SdkIamSource(session), caller: who.arn}
  }
  if (opts.snapshots.length === 0) {
    const {source, caller} = await online()
    return {source, notes: [`online: AWS credentials of ${caller}`]}
  }
  const [{readIamSnapshots}, {SnapshotIamSource}] = await Promise.all([import('./snapshot-files.js'), import('../iam/source.js')])
  const index = await readIamSnapshots(opts.snapshots)
  const sdk = opts.probe ? (await online()).source : undefined
  const accounts = [...index.accounts.keys()].sort()
  const notes = [`offline: IAM snapshots cover account${accounts.length === 1 ? '' : 's'} ${accounts.join(', ') || '(none)'}`, ...index.problems]
  return {source: new SnapshotIamSource(index, sdk ? sdk.probe.bind(sdk) : undefined), notes}
}
