import PatronCore
import SQLKit

/// Keyset pagination shared by every list: rows ordered by a unique text key, one row more than the page
/// fetched to learn whether another page exists, and the last key returned as the opaque cursor.
/// Stable under inserts, and no OFFSET scan however deep the client pages.
func keysetPage<Item: Sendable>(
    _ sql: any SQLDatabase, table: String, key: String, page: PageRequest,
    keyOf: (Item) -> String, decode: (any SQLRow) throws -> Item,
    filter: (SQLSelectBuilder) -> SQLSelectBuilder = { $0 }
) async throws -> Page<Item> {
    let after = try page.decodedCursor()
    var query = filter(sql.select().column("*").from(table)).orderBy(key).limit(page.limit + 1)
    if let after { query = query.where(SQLIdentifier(key), .greaterThan, SQLBind(after)) }
    let items = try await query.all().map(decode)
    let next = items.count > page.limit ? PageRequest.encodeCursor(keyOf(items[page.limit - 1])) : nil
    return Page(items: Array(items.prefix(page.limit)), nextCursor: next)
}
