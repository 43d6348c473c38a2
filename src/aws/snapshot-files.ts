import {readFile} from 'node:fs/promises'

import {indexAuthorizationDetails, type IamSnapshotIndex} from '../iam/auth-details.js'

/** A `--iam-snapshot` file that cannot be used; the command reports it with exit code 2. */
export class IamSnapshotError extends Error {}

/**
 * Reads `--iam-snapshot` files: the JSON `aws iam get-account-authorization-details` prints,
 * one file per account (several files for one account are merged).
 */
export async function readIamSnapshots(files: string[]): Promise<IamSnapshotIndex> {
  const loaded = await Promise.all(files.map(async (file) => {
    let text: string
    try {
      text = await readFile(file, 'utf8')
    } catch (error) {
      throw new IamSnapshotError(`--iam-snapshot ${file}: cannot read the file (${(error as NodeJS.ErrnoException).code ?? String(error)})`)
    }
    try {
      return {file, data: JSON.parse(text) as unknown}
    } catch (error) {
      throw new IamSnapshotError(`--iam-snapshot ${file}: not JSON (${(error as Error).message}); create it with \`aws iam get-account-authorization-details --output json > ${file}\``)
    }
  }))
  try {
    return indexAuthorizationDetails(loaded)
  } catch (error) {
    throw new IamSnapshotError(`--iam-snapshot ${(error as Error).message}`)
  }
}
