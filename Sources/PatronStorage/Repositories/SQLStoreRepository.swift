import Foundation
import PatronCore
import SQLKit

public struct SQLStoreRepository: StoreRepository {
    let database: Database

    public init(_ database: Database) { self.database = database }

    public func create(_ store: Store) async throws {
        try store.validate()
        try await database.transaction { sql in
            let existing = try await sql.select().column("id").from("stores").where("code", .equal, store.code).first()
            guard existing == nil else {
                throw PatronError.conflict(field: "code", message: "a store with code \(store.code) already exists")
            }
            try await Self.insert([store], on: sql)
        }
    }

    public func find(_ id: Store.ID) async throws -> Store? {
        try await database.read { sql in
            try await sql.select().column("*").from("stores").where("id", .equal, id).first().map(Self.decode)
        }
    }

    public func list(_ page: PageRequest) async throws -> Page<Store> {
        let after = try page.decodedCursor()
        return try await database.read { sql in
            var query = sql.select().column("*").from("stores").orderBy("code").limit(page.limit + 1)
            if let after { query = query.where("code", .greaterThan, after) }
            let stores = try await query.all().map(Self.decode)
            return Page(items: Array(stores.prefix(page.limit)),
                        nextCursor: stores.count > page.limit ? PageRequest.encodeCursor(stores[page.limit - 1].code) : nil)
        }
    }

    static func insert(_ stores: [Store], on sql: any SQLDatabase) async throws {
        guard !stores.isEmpty else { return }
        try await sql.insert(into: "stores")
            .columns("id", "code", "name", "city", "region", "time_zone", "is_online", "created_at")
            .rows(stores.map { [SQLBind($0.id), SQLBind($0.code), SQLBind($0.name), SQLBind($0.city), SQLBind($0.region),
                                  SQLBind($0.timeZone), SQLBind($0.isOnline), SQLBind($0.createdAt)] as [any SQLExpression] })
            .run()
    }

    static func decode(_ row: any SQLRow) throws -> Store {
        Store(id: try row.decode(column: "id", as: UUID.self), code: try row.decode(column: "code", as: String.self),
              name: try row.decode(column: "name", as: String.self), city: try row.decode(column: "city", as: String.self),
              region: try row.decode(column: "region", as: String.self),
              timeZone: try row.decode(column: "time_zone", as: String.self),
              isOnline: try row.decode(column: "is_online", as: Bool.self),
              createdAt: try row.decode(column: "created_at", as: Date.self))
    }
}
