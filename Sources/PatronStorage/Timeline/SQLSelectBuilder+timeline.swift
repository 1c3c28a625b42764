import Foundation
import PatronCore
import SQLKit

extension SQLSelectBuilder {
    /// Keeps the rows of a source of `kind` strictly before `cursor` in the timeline's `(at, kind, id)` order,
    /// newest first. `atColumn` holds the time and `idColumn` the id as the entry shows it (a UUID column, or a
    /// zero-padded text), so SQL order and `TimelineCursor` order agree; `uuidIds` says which, so the cursor's id
    /// is bound as the column's type (PostgreSQL will not compare a uuid with text).
    public func timeline(before cursor: TimelineCursor?, kind: TimelineEntry.Kind, at atColumn: String, id idColumn: String,
                         uuidIds: Bool = true, limit: Int) -> Self {
        timeline(before: cursor, kind: kind, at: atColumn, id: idColumn, limit: limit) { id in
            uuidIds ? SQLBind(UUID(uuidString: id) ?? UUID(uuid: (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0))) : SQLBind(id)
        }
    }

    /// The same for a source whose id is an integer column (a per-customer sequence number) shown as a
    /// zero-padded text (`TimelineEntry.paddedId`), so the integer order and the text order agree; the cursor's id
    /// is bound as the integer.
    public func timeline(before cursor: TimelineCursor?, kind: TimelineEntry.Kind, at atColumn: String, sequence idColumn: String,
                         limit: Int) -> Self {
        timeline(before: cursor, kind: kind, at: atColumn, id: idColumn, limit: limit) { id in SQLBind(Int64(id) ?? -1) }
    }

    private func timeline(before cursor: TimelineCursor?, kind: TimelineEntry.Kind, at atColumn: String, id idColumn: String,
                          limit: Int, bindId: (String) -> any SQLExpression) -> Self {
        if let cursor {
            let cursorId = bindId(cursor.id)
            if kind < cursor.kind {
                self.where(SQLColumn(atColumn), .lessThanOrEqual, SQLBind(cursor.at))
            } else if kind > cursor.kind {
                self.where(SQLColumn(atColumn), .lessThan, SQLBind(cursor.at))
            } else {
                self.where { group in
                    group.where(SQLColumn(atColumn), .lessThan, SQLBind(cursor.at))
                        .orWhere { same in
                            same.where(SQLColumn(atColumn), .equal, SQLBind(cursor.at)).where(SQLColumn(idColumn), .lessThan, cursorId)
                        }
                }
            }
        }
        return self.orderBy(atColumn, .descending).orderBy(idColumn, .descending).limit(limit)
    }
}
