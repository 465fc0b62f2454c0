// Runs in: renderer.
// Removing a database takes its service and backup schedule off the server, so the user types
// its name first. The volume and the backups stay on the server (the CLI's --delete-data
// removes them; the window never does that in one click).
import type { JSX } from 'react'
import { dbActions } from '../../actions'
import { ConfirmByNameDialog } from '../../components/ConfirmByNameDialog'
import type { Database } from '../../lib/databases'
import { dbSelectors, useDatabases } from '../../stores/databases'

export function RemoveDatabaseDialog({
  db,
  onClose
}: {
  db: Database
  onClose: () => void
}): JSX.Element {
  const op = useDatabases(dbSelectors.op(db.name, 'remove'))
  return (
    <ConfirmByNameDialog
      name={db.name}
      idPrefix="remove-db"
      inputLabel="Database name to confirm"
      op={op}
      onConfirm={() => void dbActions.remove(db.name)}
      onCancel={() => {
        dbActions.dismissOp(db.name, 'remove')
        onClose()
      }}
    >
      <p>
        This stops {db.name} on {db.server}, removes its service and its backup schedule, and takes
        its password out of your keychain. Its data volume and its backups stay on the server; the
        local library keeps its files.
      </p>
    </ConfirmByNameDialog>
  )
}
