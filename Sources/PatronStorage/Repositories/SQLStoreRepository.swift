import Foundation
import PatronCore
import SQLKit

public struct SQLStoreRepository: StoreRepository {
    let database: Database

    public init(_ database: Database) { self.database = database }

    public func create(_ store: Store, audit: AuditEvent) async throws {
        try await database.transaction { sql in
            try await Self.requireUniqueCode(store, on: sql)
            try await Self.insert([store], on: sql)
            try await SQLAuditLog.insert([audit], on: sql)
        }
    }

    public func update(_ store: Store, audit: AuditEvent) async throws {
        try await database.transaction { sql in
            try await Self.requireUniqueCode(store, on: sql)
            try await sql.update("stores")
                .set("code", to: store.code).set("name", to: store.name).set("city", to: store.city).set("region", to: store.region)
                .set("time_zone", to: store.timeZone).set("is_online", to: store.isOnline).set("opens_at", to: store.opensAt)
                .set("closes_at", to: store.closesAt).set("is_active", to: store.isActive)
                .where("id", .equal, store.id)
                .run()
            try await SQLAuditLog.insert([audit], on: sql)
        }
    }

    public func find(_ id: Store.ID) async throws -> Store? {
        try await database.read { sql in
            try await sql.select().column("*").from("stores").where("id", .equal, id).first().map(Self.decode)
        }
    }

    public func list(_ page: PageRequest) async throws -> Page<Store> {
        try await database.read { sql in
            try await keysetPage(sql, table: "stores", key: "code", page: page, keyOf: \.code, decode: Self.decode)
        }
    }

    static func requireUniqueCode(_ store: Store, on sql: any SQLDatabase) async throws {
        let holder = try await sql.select().column("id").from("stores").where("code", .equal, store.code).first()
        if let holder, try holder.decode(column: "id", as: UUID.self) != store.id {
            throw PatronError.conflict(field: "code", message: "a store with code \(store.code) already exists")
        }
    }

    static func insert(_ stores: [Store], on sql: any SQLDatabase) async throws {
        guard !stores.isEmpty else { return }
        try await sql.insert(into: "stores")
            .columns("id", "code", "name", "city", "region", "time_zone", "is_online", "opens_at", "closes_at", "is_active", "created_at")
            .rows(stores.map { [SQLBind($0.id), SQLBind($0.code), SQLBind($0.name), SQLBind($0.city), SQLBind($0.region),
                                SQLBind($0.timeZone), SQLBind($0.isOnline), SQLBind($0.opensAt), SQLBind($0.closesAt),
                                SQLBind($0.isActive), SQLBind($0.createdAt)] as [any SQLExpression] })
            .run()
    }

    static func decode(_ row: any SQLRow) throws -> Store {
        Store(id: try row.decode(column: "id", as: UUID.self), code: try row.decode(column: "code", as: String.self),
              name: try row.decode(column: "name", as: String.self), city: try row.decode(column: "city", as: String.self),
              region: try row.decode(column: "region", as: String.self),
              timeZone: try row.decode(column: "time_zone", as: String.self),
              isOnline: try row.decode(column: "is_online", as: Bool.self),
              opensAt: try row.decode(column: "opens_at", as: String?.self),
              closesAt: try row.decode(column: "closes_at", as: String?.self),
              isActive: try row.decode(column: "is_active", as: Bool.self),
              createdAt: try row.decode(column: "created_at", as: Date.self))
    }
}
