import Foundation
import PatronCore
import SQLKit

/// Calendars and policies in SQL. A calendar is stored whole as its JSON (the form the chain supplies it in),
/// with its code and store as columns for lookups; policies as plain columns.
public struct SQLSLARepository: SLARepository {
    let database: Database

    public init(_ database: Database) { self.database = database }

    public func calendars() async throws -> [BusinessCalendar] {
        try await database.read { sql in try await Self.calendars(on: sql) }
    }

    public func calendar(code: String) async throws -> BusinessCalendar? {
        try await database.read { sql in
            try await sql.select().column("definition").from("service_calendars").where("code", .equal, code).first().map(Self.decodeCalendar)
        }
    }

    public func save(_ calendar: BusinessCalendar, audit: AuditEvent) async throws -> Bool {
        try await database.transaction { sql in
            if let storeId = calendar.storeId {
                guard try await sql.select().column("id").from("stores").where("id", .equal, storeId).first() != nil else {
                    throw PatronError.invalid(field: "storeId", message: "there is no store \(storeId.uuidString.lowercased())")
                }
                let holder = try await sql.select().column("code").from("service_calendars").where("store_id", .equal, storeId).first()
                if let holder, try holder.decode(column: "code", as: String.self) != calendar.code {
                    throw PatronError.conflict(field: "storeId", message: "the store already has a service calendar")
                }
            }
            let exists = try await sql.select().column("code").from("service_calendars").where("code", .equal, calendar.code).first() != nil
            if exists {
                try await sql.update("service_calendars").set("store_id", to: calendar.storeId).set("name", to: calendar.name)
                    .set("definition", to: Self.json(calendar)).set("updated_at", to: audit.at)
                    .where("code", .equal, calendar.code).run()
            } else {
                try await Self.insertCalendar(calendar, at: audit.at, on: sql)
            }
            try await SQLAuditLog.insert([audit], on: sql)
            return !exists
        }
    }

    public func deleteCalendar(code: String, audit: AuditEvent) async throws -> Bool {
        try await database.transaction { sql in
            guard try await sql.select().column("code").from("service_calendars").where("code", .equal, code).first() != nil else { return false }
            if try await sql.select().column("id").from("sla_policies").where("calendar_code", .equal, code).first() != nil {
                throw PatronError.conflict(field: "code", message: "an SLA policy counts in this calendar; change the policy first")
            }
            try await sql.delete(from: "service_calendars").where("code", .equal, code).run()
            try await SQLAuditLog.insert([audit], on: sql)
            return true
        }
    }

    public func policies() async throws -> [SLAPolicy] {
        try await database.read { sql in try await Self.policies(on: sql) }
    }

    public func policy(_ id: SLAPolicy.ID) async throws -> SLAPolicy? {
        try await database.read { sql in
            try await sql.select().column("*").from("sla_policies").where("id", .equal, id).first().map(Self.decodePolicy)
        }
    }

    public func save(_ policy: SLAPolicy, audit: AuditEvent) async throws -> Bool {
        try await database.transaction { sql in
            let holder = try await sql.select().column("id").from("sla_policies")
                .where("channel_key", .equal, Self.channelKey(policy.channel)).where("priority", .equal, policy.priority.rawValue).first()
            if let holder, try holder.decode(column: "id", as: UUID.self) != policy.id {
                throw PatronError.conflict(field: "priority",
                                           message: "a policy for \(policy.channel ?? "any channel") and priority \(policy.priority.rawValue) already exists")
            }
            let exists = try await sql.select().column("id").from("sla_policies").where("id", .equal, policy.id).first() != nil
            if exists {
                try await sql.update("sla_policies").set("name", to: policy.name).set("channel", to: policy.channel)
                    .set("channel_key", to: Self.channelKey(policy.channel)).set("priority", to: policy.priority.rawValue)
                    .set("first_response_minutes", to: policy.firstResponseMinutes).set("next_response_minutes", to: policy.nextResponseMinutes)
                    .set("resolution_minutes", to: policy.resolutionMinutes).set("calendar_code", to: policy.calendarCode)
                    .set("updated_at", to: audit.at).where("id", .equal, policy.id).run()
            } else {
                try await Self.insertPolicy(policy, at: audit.at, on: sql)
            }
            try await SQLAuditLog.insert([audit], on: sql)
            return !exists
        }
    }

    public func deletePolicy(_ id: SLAPolicy.ID, audit: AuditEvent) async throws -> Bool {
        try await database.transaction { sql in
            guard try await sql.select().column("id").from("sla_policies").where("id", .equal, id).first() != nil else { return false }
            try await sql.delete(from: "sla_policies").where("id", .equal, id).run()
            try await SQLAuditLog.insert([audit], on: sql)
            return true
        }
    }

    // MARK: Rows

    static func calendars(on sql: any SQLDatabase) async throws -> [BusinessCalendar] {
        try await sql.select().column("definition").from("service_calendars").orderBy("code").all().map(decodeCalendar)
    }

    static func policies(on sql: any SQLDatabase) async throws -> [SLAPolicy] {
        try await sql.select().column("*").from("sla_policies").orderBy("channel_key").orderBy("priority").all().map(decodePolicy)
    }

    static func insertCalendar(_ calendar: BusinessCalendar, at: Date = Date(), on sql: any SQLDatabase) async throws {
        try await sql.insert(into: "service_calendars").columns("code", "store_id", "name", "definition", "updated_at")
            .values(SQLBind(calendar.code), SQLBind(calendar.storeId), SQLBind(calendar.name), SQLBind(json(calendar)), SQLBind(at))
            .run()
    }

    static func insertPolicy(_ policy: SLAPolicy, at: Date = Date(), on sql: any SQLDatabase) async throws {
        try await sql.insert(into: "sla_policies")
            .columns("id", "name", "channel", "channel_key", "priority", "first_response_minutes", "next_response_minutes",
                     "resolution_minutes", "calendar_code", "updated_at")
            .values(SQLBind(policy.id), SQLBind(policy.name), SQLBind(policy.channel), SQLBind(channelKey(policy.channel)),
                    SQLBind(policy.priority.rawValue), SQLBind(policy.firstResponseMinutes), SQLBind(policy.nextResponseMinutes),
                    SQLBind(policy.resolutionMinutes), SQLBind(policy.calendarCode), SQLBind(at))
            .run()
    }

    /// `*` for any channel, so the unique index holds on both engines (NULLs are all distinct in an index).
    static func channelKey(_ channel: String?) -> String { channel ?? "*" }

    static func json(_ calendar: BusinessCalendar) -> String { String(decoding: calendar.encodedJSON(), as: UTF8.self) }

    static func decodeCalendar(_ row: any SQLRow) throws -> BusinessCalendar {
        try BusinessCalendar.decode(json: Data(try row.decode(column: "definition", as: String.self).utf8))
    }

    static func decodePolicy(_ row: any SQLRow) throws -> SLAPolicy {
        SLAPolicy(id: try row.decode(column: "id", as: UUID.self), name: try row.decode(column: "name", as: String.self),
                  channel: try row.decode(column: "channel", as: String?.self), priority: try row.decodeEnum(column: "priority"),
                  firstResponseMinutes: try row.decode(column: "first_response_minutes", as: Int.self),
                  nextResponseMinutes: try row.decode(column: "next_response_minutes", as: Int.self),
                  resolutionMinutes: try row.decode(column: "resolution_minutes", as: Int.self),
                  calendarCode: try row.decode(column: "calendar_code", as: String?.self))
    }
}
