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
    const [{AwsSession}, {SdkIamSource}] = await Promise.all([import('./session.js'), import('./sdk-source.js')])
    return new SdkIamSource(new AwsSession(opts))
  }
  if (opts.snapshots.length === 0) return {source: await online(), notes: []}
  const [{readIamSnapshots}, {SnapshotIamSource}] = await Promise.all([import('./snapshot-files.js'), import('../iam/source.js')])
  const index = await readIamSnapshots(opts.snapshots)
  const sdk = opts.probe ? await online() : undefined
  const accounts = [...index.accounts.keys()].sort()
  const notes = [`offline: IAM snapshots cover account${accounts.length === 1 ? '' : 's'} ${accounts.join(', ') || '(none)'}`, ...index.problems]
  return {source: new SnapshotIamSource(index, sdk ? sdk.probe.bind(sdk) : undefined), notes}
}
