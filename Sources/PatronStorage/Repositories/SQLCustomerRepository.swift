import Foundation
import PatronCore
import SQLKit

/// Customer profiles with every personal field sealed by `FieldCipher`; only ciphertext, blind indexes and
/// non-personal columns reach the database.
public struct SQLCustomerRepository: CustomerRepository {
    let database: Database
    let cipher: FieldCipher
    let registry: CustomerDataRegistry
    let events: DomainEvents

    public init(_ database: Database, cipher: FieldCipher, registry: CustomerDataRegistry? = nil, events: DomainEvents = .standard) {
        self.database = database
        self.cipher = cipher
        self.registry = registry ?? .standard(cipher: cipher)
        self.events = events
    }

    /// The profile's own tables whose `customer_id` follows a merge; other modules' records follow through
    /// the registry, after these, so that a replay sees the survivor's orders.
    static let referencingTables = ["orders", "customer_consents", "customer_changes"]

    public func insert(_ customer: Customer, changes: [CustomerChange], audit: AuditEvent) async throws {
        try await database.transaction { sql in
            try await requireUnique(customer, on: sql)
            try await insert([customer], on: sql)
            try await Self.insert(changes, on: sql)
            try await SQLAuditLog.insert([audit], on: sql)
            try await events.publish(.customerCreated(customer.id), on: sql)
        }
    }

    public func update(_ customer: Customer, changes: [CustomerChange], audit: AuditEvent) async throws {
        try await database.transaction { sql in
            try await requireUnique(customer, on: sql)
            try await write(customer, on: sql)
            try await Self.insert(changes, on: sql)
            try await SQLAuditLog.insert([audit], on: sql)
        }
    }

    public func status(_ id: Customer.ID) async throws -> CustomerStatus {
        try await database.read { sql in
            guard let row = try await sql.select().column("merged_into").column("erased_at").from("customers").where("id", .equal, id).first() else {
                return .missing
            }
            if let into = try row.decode(column: "merged_into", as: UUID?.self) { return .merged(into: into) }
            return try row.decode(column: "erased_at", as: Date?.self) == nil ? .live : .erased
        }
    }

    public func find(_ id: Customer.ID) async throws -> CustomerLookup {
        try await database.read { sql in
            guard let row = try await sql.select().column("*").from("customers").where("id", .equal, id).first() else { return .missing }
            if let into = try row.decode(column: "merged_into", as: UUID?.self) { return .merged(into: into) }
            if try row.decode(column: "erased_at", as: Date?.self) != nil { return .erased }
            return .found(try await withTags([decode(row)], on: sql)[0])
        }
    }

    public func live(_ ids: [Customer.ID]) async throws -> [Customer.ID: Customer] {
        guard !ids.isEmpty else { return [:] }
        return try await database.read { sql in
            var rows: [any SQLRow] = []
            for chunk in ids.chunked(into: 500) {
                rows += try await sql.select().column("*").from("customers").where("id", .in, SQLBind.group(Array(chunk)))
                    .where("merged_into", .is, SQLLiteral.null).where("erased_at", .is, SQLLiteral.null).all()
            }
            let customers = try await withTags(try rows.map(decode), on: sql)
            return Dictionary(customers.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        }
    }

    public func find(_ identifier: Customer.Identifier) async throws -> Customer? {
        let (column, index) = indexColumn(identifier)
        return try await database.read { sql in
            guard let row = try await sql.select().column("*").from("customers").where(SQLIdentifier(column), .equal, SQLBind(index))
                .where("merged_into", .is, SQLLiteral.null).where("erased_at", .is, SQLLiteral.null).first() else { return nil }
            return try await withTags([decode(row)], on: sql).first
        }
    }

    public func search(_ query: CustomerQuery, page: PageRequest) async throws -> Page<Customer> {
        try await database.read { sql in
            var firstTier = false
            if let tier = query.tier {
                let programme = try await MembershipRows.programme(on: sql)
                guard let index = programme.tierIndex(tier) else {
                    throw PatronError.invalid(field: "tier", message: "there is no tier '\(tier)'; tiers are \(programme.tiers.map(\.code).joined(separator: ", "))")
                }
                firstTier = index == 0
            }
            let result = try await timeOrderedRows(sql, table: "customers", timeColumn: "created_at", page: page) { select in
                var select = select.where("merged_into", .is, SQLLiteral.null).where("erased_at", .is, SQLLiteral.null)
                if let mobile = query.mobile {
                    select = select.where("mobile_bidx", .equal, cipher.blindIndex(mobile.e164, purpose: "mobile"))
                }
                if let last4 = query.mobileLastFour {
                    select = select.where("mobile_last4_bidx", .equal, cipher.blindIndex(last4, purpose: "mobile-last4"))
                }
                if let email = query.email {
                    select = select.where("email_bidx", .equal, cipher.blindIndex(email.value, purpose: "email"))
                }
                if let union = query.wechatUnionId {
                    select = select.where("wechat_unionid_bidx", .equal, cipher.blindIndex(union, purpose: "wechat-unionid"))
                }
                if let member = query.posMemberNumber { select = select.where("pos_member_no", .equal, member) }
                if let store = query.storeId { select = select.where("preferred_store_id", .equal, store) }
                if let tag = query.tag {
                    select = select.where(SQLQueryString("id IN (SELECT customer_id FROM customer_tags WHERE tag = \(bind: tag))"))
                }
                if let tier = query.tier {
                    // Customers who never bought have no membership row and hold the first tier.
                    select = select.where(firstTier
                        ? SQLQueryString("id NOT IN (SELECT customer_id FROM membership WHERE tier <> \(bind: tier))")
                        : SQLQueryString("id IN (SELECT customer_id FROM membership WHERE tier = \(bind: tier))"))
                }
                for persona in query.personas {
                    select = select.where(SQLQueryString("""
                        EXISTS (SELECT 1 FROM customer_personas p WHERE p.customer_id = customers.id \
                        AND p.kind = \(bind: persona.kind.rawValue) AND p.value = \(bind: persona.value))
                        """))
                }
                if let prefix = query.namePrefix {
                    let token = cipher.namePrefixTokens(prefix).last!
                    select = select.where(SQLQueryString("id IN (SELECT customer_id FROM customer_name_tokens WHERE token = \(bind: token))"))
                }
                return select
            }
            return Page(items: try await withTags(try result.rows.map(decode), on: sql), nextCursor: result.nextCursor)
        }
    }

    public func merge(_ duplicate: Customer.ID, into survivor: Customer, changes: [CustomerChange], audit: AuditEvent) async throws {
        try await database.transaction { sql in
            try await Self.scrub(duplicate, on: sql)
            try await sql.update("customers").set("merged_into", to: survivor.id).set("updated_at", to: Date())
                .where("id", .equal, duplicate).run()
            for table in Self.referencingTables {
                try await sql.update(table).set("customer_id", to: survivor.id).where("customer_id", .equal, duplicate).run()
            }
            try await registry.merge(duplicate, into: survivor.id, on: sql)
            try await requireUnique(survivor, on: sql)
            try await write(survivor, on: sql)
            try await Self.insert(changes, on: sql)
            try await SQLAuditLog.insert([audit], on: sql)
            try await events.publish(.customerMerged(duplicate: duplicate, survivor: survivor.id), on: sql)
        }
    }

    public func erase(_ id: Customer.ID, audit: AuditEvent) async throws {
        try await database.transaction { sql in
            try await Self.scrub(id, on: sql)
            try await registry.erase(id, on: sql)
            try await sql.delete(from: "customer_consents").where("customer_id", .equal, id).run()
            try await sql.delete(from: "customer_changes").where("customer_id", .equal, id).run()
            try await sql.update("customers").set("erased_at", to: Date()).set("updated_at", to: Date())
                .set("gender", to: Customer.Gender.unspecified.rawValue).set("preferred_store_id", to: SQLLiteral.null)
                .where("id", .equal, id).run()
            try await SQLAuditLog.insert([audit], on: sql)
            try await events.publish(.customerErased(id), on: sql)
        }
    }

    public func moduleRecords(_ id: Customer.ID) async throws -> [CustomerExport.Section: [ExportRecord]] {
        try await database.read { sql in try await registry.export(id, on: sql) }
    }

    /// Removes every personal value and identifier of a profile, leaving an anonymous row that orders can
    /// keep pointing at. The name becomes an empty ciphertext-free value.
    static func scrub(_ id: Customer.ID, on sql: any SQLDatabase) async throws {
        try await sql.update("customers")
            .set("name_enc", to: Data()).set("mobile_enc", to: SQLLiteral.null).set("mobile_bidx", to: SQLLiteral.null)
            .set("mobile_last4_bidx", to: SQLLiteral.null).set("email_enc", to: SQLLiteral.null).set("email_bidx", to: SQLLiteral.null)
            .set("birthday_enc", to: SQLLiteral.null).set("address_enc", to: SQLLiteral.null)
            .set("wechat_unionid_enc", to: SQLLiteral.null).set("wechat_unionid_bidx", to: SQLLiteral.null)
            .set("wechat_openid_enc", to: SQLLiteral.null).set("wechat_openid_bidx", to: SQLLiteral.null).set("pos_member_no", to: SQLLiteral.null)
            .set("notes_enc", to: SQLLiteral.null).set("attributes", to: "{}")
            .where("id", .equal, id).run()
        try await sql.delete(from: "customer_tags").where("customer_id", .equal, id).run()
        try await sql.delete(from: "customer_name_tokens").where("customer_id", .equal, id).run()
    }

    public func consents(_ id: Customer.ID) async throws -> [ConsentRecord] {
        try await database.read { sql in
            try await sql.select().column("*").from("customer_consents").where("customer_id", .equal, id)
                .orderBy("recorded_at", .descending).orderBy("id", .descending).all().map { row in
                    ConsentRecord(id: try row.decode(column: "id", as: UUID.self), customerId: id,
                                  channel: try row.decodeEnum(column: "channel", as: ConsentRecord.Channel.self),
                                  granted: try row.decode(column: "granted", as: Bool.self),
                                  recordedAt: try row.decode(column: "recorded_at", as: Date.self),
                                  source: try row.decode(column: "source", as: String.self),
                                  recordedBy: try row.decode(column: "recorded_by", as: String?.self))
                }
        }
    }

    public func record(_ consent: ConsentRecord, change: CustomerChange, audit: AuditEvent) async throws {
        try await database.transaction { sql in
            try await sql.insert(into: "customer_consents")
                .columns("id", "customer_id", "channel", "granted", "recorded_at", "source", "recorded_by")
                .values(SQLBind(consent.id), SQLBind(consent.customerId), SQLBind(consent.channel.rawValue), SQLBind(consent.granted),
                        SQLBind(consent.recordedAt), SQLBind(consent.source), SQLBind(consent.recordedBy))
                .run()
            try await Self.insert([change], on: sql)
            try await SQLAuditLog.insert([audit], on: sql)
        }
    }

    public func recordRead(_ audit: AuditEvent) async throws {
        try await database.transaction { sql in try await SQLAuditLog.insert([audit], on: sql) }
    }

    public func history(_ id: Customer.ID, page: PageRequest) async throws -> Page<CustomerChange> {
        try await database.read { sql in
            let result = try await timeOrderedRows(sql, table: "customer_changes", timeColumn: "at", page: page) {
                $0.where("customer_id", .equal, id)
            }
            return Page(items: try result.rows.map { row in
                CustomerChange(id: try row.decode(column: "id", as: UUID.self), customerId: id, at: try row.decode(column: "at", as: Date.self),
                               actor: .init(kind: try row.decodeEnum(column: "actor_kind", as: AuditEvent.Actor.Kind.self),
                                            id: try row.decode(column: "actor_id", as: String?.self),
                                            name: try row.decode(column: "actor_name", as: String?.self)),
                               channel: try row.decode(column: "channel", as: String.self), field: try row.decode(column: "field", as: String.self),
                               oldValue: try row.decode(column: "old_value", as: String?.self),
                               newValue: try row.decode(column: "new_value", as: String?.self))
            }, nextCursor: result.nextCursor)
        }
    }

    // MARK: - Rows

    func indexColumn(_ identifier: Customer.Identifier) -> (String, String) {
        switch identifier {
        case .mobile(let mobile): ("mobile_bidx", cipher.blindIndex(mobile.e164, purpose: "mobile"))
        case .email(let email): ("email_bidx", cipher.blindIndex(email.value, purpose: "email"))
        case .wechatUnionId(let id): ("wechat_unionid_bidx", cipher.blindIndex(id, purpose: "wechat-unionid"))
        }
    }

    /// Checks, inside the write transaction, that no other live profile holds one of the identifiers.
    func requireUnique(_ customer: Customer, on sql: any SQLDatabase) async throws {
        for identifier in customer.identifiers {
            let (column, index) = indexColumn(identifier)
            let holder = try await sql.select().column("id").from("customers").where(SQLIdentifier(column), .equal, SQLBind(index))
                .where("id", .notEqual, customer.id).first()
            if let holder { throw PatronError.identityConflict(field: identifier.field, existingId: try holder.decode(column: "id", as: UUID.self)) }
        }
    }

    static let columns = ["id", "name_enc", "mobile_enc", "mobile_bidx", "mobile_last4_bidx", "email_enc", "email_bidx", "gender",
                          "birthday_enc", "birthday_lunar", "address_enc", "preferred_store_id", "source_channel", "wechat_unionid_enc",
                          "wechat_unionid_bidx", "wechat_openid_enc", "wechat_openid_bidx", "pos_member_no", "notes_enc", "attributes", "created_at",
                          "updated_at"]

    func values(_ c: Customer) throws -> [any SQLExpression] {
        let attributes = String(decoding: try JSONEncoder.sorted.encode(c.attributes), as: UTF8.self)
        return [SQLBind(c.id), SQLBind(try cipher.seal(c.name)), SQLBind(try c.mobile.map { try cipher.seal($0.e164) }),
                SQLBind(c.mobile.map { cipher.blindIndex($0.e164, purpose: "mobile") }),
                SQLBind(c.mobile.map { cipher.blindIndex($0.lastFour, purpose: "mobile-last4") }),
                SQLBind(try c.email.map { try cipher.seal($0.value) }), SQLBind(c.email.map { cipher.blindIndex($0.value, purpose: "email") }),
                SQLBind(c.gender.rawValue), SQLBind(try c.birthday.map { try cipher.seal($0.description) }), SQLBind(c.birthdayIsLunar),
                SQLBind(try c.address.map(cipher.seal)), SQLBind(c.preferredStoreId), SQLBind(c.sourceChannel.rawValue),
                SQLBind(try c.wechatUnionId.map(cipher.seal)), SQLBind(c.wechatUnionId.map { cipher.blindIndex($0, purpose: "wechat-unionid") }),
                SQLBind(try c.wechatOpenId.map(cipher.seal)), SQLBind(c.wechatOpenId.map { cipher.blindIndex($0, purpose: "wechat-openid") }),
                SQLBind(c.posMemberNumber), SQLBind(try c.notes.map(cipher.seal)),
                SQLBind(attributes), SQLBind(c.createdAt), SQLBind(c.updatedAt)]
    }

    /// Loads profiles in one transaction, without change history or audit: fixtures and benchmarks only.
    public func insertFixtures(_ customers: [Customer]) async throws {
        try await database.transaction { sql in try await insert(customers, on: sql) }
    }

    /// The same inside a caller's transaction, for fixtures written together with their orders.
    public func insertFixtures(_ customers: [Customer], on sql: any SQLDatabase) async throws {
        try await insert(customers, on: sql)
    }

    func insert(_ customers: [Customer], on sql: any SQLDatabase) async throws {
        for chunk in customers.chunked(into: 100) {
            try await sql.insert(into: "customers").columns(Self.columns).rows(try chunk.map(values)).run()
            try await insertTokens(Array(chunk), on: sql)
        }
    }

    func write(_ customer: Customer, on sql: any SQLDatabase) async throws {
        var update = sql.update("customers")
        for (column, value) in zip(Self.columns, try values(customer)).dropFirst() {
            update = update.set(SQLIdentifier(column), to: value)
        }
        try await update.where("id", .equal, customer.id).run()
        try await replaceTokens([customer], on: sql)
    }

    func replaceTokens(_ customers: [Customer], on sql: any SQLDatabase) async throws {
        let ids = customers.map(\.id)
        try await sql.delete(from: "customer_tags").where("customer_id", .in, ids).run()
        try await sql.delete(from: "customer_name_tokens").where("customer_id", .in, ids).run()
        try await insertTokens(customers, on: sql)
    }

    /// Tag rows and name-prefix index rows of profiles that have none yet.
    func insertTokens(_ customers: [Customer], on sql: any SQLDatabase) async throws {
        let tags: [[any SQLExpression]] = customers.flatMap { c in c.tags.map { [SQLBind(c.id), SQLBind($0)] } }
        if !tags.isEmpty { try await sql.insert(into: "customer_tags").columns("customer_id", "tag").rows(tags).run() }
        let tokens: [[any SQLExpression]] = customers.flatMap { c in Set(cipher.namePrefixTokens(c.name)).map { [SQLBind(c.id), SQLBind($0)] } }
        if !tokens.isEmpty { try await sql.insert(into: "customer_name_tokens").columns("customer_id", "token").rows(tokens).run() }
    }

    static func insert(_ changes: [CustomerChange], on sql: any SQLDatabase) async throws {
        guard !changes.isEmpty else { return }
        try await sql.insert(into: "customer_changes")
            .columns("id", "customer_id", "at", "actor_kind", "actor_id", "actor_name", "channel", "field", "old_value", "new_value")
            .rows(changes.map { c in
                [SQLBind(c.id), SQLBind(c.customerId), SQLBind(c.at), SQLBind(c.actor.kind.rawValue), SQLBind(c.actor.id),
                 SQLBind(c.actor.name), SQLBind(c.channel), SQLBind(c.field), SQLBind(c.oldValue), SQLBind(c.newValue)]
            })
            .run()
    }

    func withTags(_ customers: [Customer], on sql: any SQLDatabase) async throws -> [Customer] {
        guard !customers.isEmpty else { return [] }
        var tags: [UUID: [String]] = [:]
        for row in try await sql.select().column("*").from("customer_tags").where("customer_id", .in, customers.map(\.id)).orderBy("tag").all() {
            tags[try row.decode(column: "customer_id", as: UUID.self), default: []].append(try row.decode(column: "tag", as: String.self))
        }
        return customers.map { customer in
            var customer = customer
            customer.tags = tags[customer.id] ?? []
            return customer
        }
    }

    func decode(_ row: any SQLRow) throws -> Customer {
        func open(_ column: String) throws -> String? {
            try row.decode(column: column, as: Data?.self).flatMap { $0.isEmpty ? nil : try cipher.open($0) }
        }
        let attributes = try JSONDecoder().decode([String: AttributeValue].self,
                                                  from: Data(try row.decode(column: "attributes", as: String.self).utf8))
        return Customer(id: try row.decode(column: "id", as: UUID.self),
                        name: try open("name_enc") ?? "",
                        mobile: try open("mobile_enc").map { try MobileNumber($0) },
                        email: try open("email_enc").map { try EmailAddress($0) },
                        gender: try row.decodeEnum(column: "gender", as: Customer.Gender.self),
                        birthday: try open("birthday_enc").map { try CalendarDay(iso: $0) },
                        birthdayIsLunar: try row.decode(column: "birthday_lunar", as: Bool.self),
                        address: try open("address_enc"),
                        preferredStoreId: try row.decode(column: "preferred_store_id", as: UUID?.self),
                        sourceChannel: try row.decodeEnum(column: "source_channel", as: Customer.SourceChannel.self),
                        wechatUnionId: try open("wechat_unionid_enc"), wechatOpenId: try open("wechat_openid_enc"),
                        posMemberNumber: try row.decode(column: "pos_member_no", as: String?.self),
                        notes: try open("notes_enc"), attributes: attributes,
                        createdAt: try row.decode(column: "created_at", as: Date.self),
                        updatedAt: try row.decode(column: "updated_at", as: Date.self))
    }
}

extension JSONEncoder {
    static var sorted: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }
}
