import Foundation

/// One page of a list plus the opaque cursor for the next, so clients page with stable ordering and the
/// server never needs OFFSET scans.
public struct Page<Item: Sendable>: Sendable {
    public var items: [Item]
    public var nextCursor: String?

    public init(items: [Item], nextCursor: String?) {
        self.items = items
        self.nextCursor = nextCursor
    }
}

/// What a caller asks of a list: where to start and how many.
public struct PageRequest: Sendable, Equatable {
    public static let maxLimit = 200
    public var cursor: String?
    public var limit: Int

    public init(cursor: String? = nil, limit: Int? = nil) throws(PatronError) {
        let limit = limit ?? 50
        guard (1...Self.maxLimit).contains(limit) else {
            throw .invalid(field: "limit", message: "limit must be between 1 and \(Self.maxLimit)")
        }
        self.cursor = cursor
        self.limit = limit
    }

    /// Decodes a cursor made by `Cursor.encode`, rejecting anything a client invented.
    public func decodedCursor() throws(PatronError) -> String? {
        guard let cursor else { return nil }
        guard let data = Data(base64Encoded: cursor), let key = String(data: data, encoding: .utf8), !key.isEmpty else {
            throw .invalid(field: "cursor", message: "cursor is not one this server issued")
        }
        return key
    }

    public static func encodeCursor(_ key: String) -> String {
        Data(key.utf8).base64EncodedString()
    }
}
