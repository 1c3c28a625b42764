/// Reads a list to its end, page by page at the largest page size: for exports, which must hold every record
/// of a person however long their history is.
public func everyPage<Item: Sendable>(_ read: (PageRequest) async throws -> Page<Item>) async throws -> [Item] {
    var items: [Item] = []
    var cursor: String?
    repeat {
        let page = try await read(try PageRequest(cursor: cursor, limit: PageRequest.maxLimit))
        items += page.items
        cursor = page.nextCursor
    } while cursor != nil
    return items
}
