import Foundation
import PatronCore
import SQLKit

/// Newest-first keyset pagination for logs and orders: rows ordered by a time column then id, both
/// descending. The cursor is the last row's id; the next page starts strictly below that row's
/// `(time, id)`, read back from the table so no rounding of timestamps can skip or repeat a row.
/// `from`/`to` restrict the time column to the half-open window [from, to).
func timeOrderedRows(
    _ sql: any SQLDatabase, table: String, timeColumn: String, page: PageRequest, from: Date? = nil, to: Date? = nil,
    filter: (SQLSelectBuilder) -> SQLSelectBuilder = { $0 }
) async throws -> (rows: [any SQLRow], nextCursor: String?) {
    var query = filter(sql.select().column("*").from(table))
    if let from { query = query.where(SQLIdentifier(timeColumn), .greaterThanOrEqual, SQLBind(from)) }
    if let to { query = query.where(SQLIdentifier(timeColumn), .lessThan, SQLBind(to)) }
    query = query
        .orderBy(timeColumn, .descending).orderBy("id", .descending).limit(page.limit + 1)
    if let cursor = try page.decodedCursor() {
        guard let after = UUID(uuidString: cursor) else {
            throw PatronError.invalid(field: "cursor", message: "cursor is not one this server issued")
        }
        query = query.where(SQLQueryString(
            "(\(ident: timeColumn), id) < (SELECT \(ident: timeColumn), id FROM \(ident: table) WHERE id = \(bind: after))"))
    }
    let rows = try await query.all()
    guard rows.count > page.limit else { return (rows, nil) }
    let last = try rows[page.limit - 1].decode(column: "id", as: UUID.self)
    return (Array(rows.prefix(page.limit)), PageRequest.encodeCursor(last.uuidString))
}
