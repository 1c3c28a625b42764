import Foundation
import Logging
import PatronCore
import SQLKit

/// Bulk import of customer profiles from CSV. Every row is validated exactly like `POST /customers`; a row is
/// stored whole or rejected with its line, field and reason — never half. Rows whose mobile, e-mail or
/// WeChat unionid already exists (in the database or earlier in the file) are rejected as duplicates. Rows
/// are written in batches, each batch one transaction.
public struct CustomerImport: Sendable {
    public static let columns = ["name", "mobile", "email", "gender", "birthday", "birthday_lunar", "address", "preferred_store",
                                 "source_channel", "wechat_unionid", "wechat_openid", "pos_member_number", "tags", "notes"]

    let database: Database
    let cipher: FieldCipher
    let batchSize: Int

    public init(database: Database, cipher: FieldCipher, batchSize: Int = 1_000) {
        self.database = database
        self.cipher = cipher
        self.batchSize = batchSize
    }

    public struct Rejection: Sendable, Equatable {
        public var line: Int
        public var field: String?
        public var reason: String

        public init(line: Int, field: String?, reason: String) {
            self.line = line
            self.field = field
            self.reason = reason
        }
    }

    public struct Progress: Sendable {
        public var rowsRead: Int
        public var imported: Int
        public var rejected: Int
    }

    public struct Report: Sendable {
        public var imported: Int
        public var rejections: [Rejection]
        public var seconds: Double
    }

    public func run(_ csv: CSVReader, source: String, actor: AuditEvent.Actor,
                    progress: @Sendable (Progress) -> Void = { _ in }) async throws -> Report {
        let started = ContinuousClock.now
        var iterator = csv.makeIterator()
        guard let header = iterator.next() else { throw PatronError.invalid(field: "file", message: "the file is empty") }
        let names = header.fields.map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
        try CSVReader.requireDistinct(names)
        let attributeSchema = try await SQLSettingsRepository(database).customerAttributeSchema()
        let known = Set(Self.columns + attributeSchema.attributes.map { "attr.\($0.name.lowercased())" })
        if let unknown = names.first(where: { !known.contains($0) }) {
            throw PatronError.invalid(field: unknown, message: "unknown column '\(unknown)'; allowed: \(Self.columns.joined(separator: ", ")) and attr.<attribute>")
        }
        guard names.contains("name") else { throw PatronError.invalid(field: "name", message: "the file needs a name column") }
        let stores = try await storeCodes()
        let today = CalendarDay.today()
        var seen = Set<String>()
        var batch: [(Int, Customer)] = []
        var rejections: [Rejection] = []
        var imported = 0
        var read = 0
        let repository = SQLCustomerRepository(database, cipher: cipher)

        func flush() async throws {
            guard !batch.isEmpty else { return }
            imported += try await write(batch, repository: repository, source: source, actor: actor, rejections: &rejections)
            batch.removeAll(keepingCapacity: true)
            progress(Progress(rowsRead: read, imported: imported, rejected: rejections.count))
        }

        while let record = iterator.next() {
            read += 1
            if record.fields.count == 1, record.fields[0].trimmingCharacters(in: .whitespaces).isEmpty { continue }
            guard record.fields.count == names.count else {
                rejections.append(Rejection(line: record.line, field: nil, reason: "expected \(names.count) fields, found \(record.fields.count)"))
                continue
            }
            do {
                try CSVReader.requireNoNUL(record.fields, names: names)
                let row = Dictionary(zip(names, record.fields.map { $0.trimmingCharacters(in: .whitespaces) }), uniquingKeysWith: { first, _ in first })
                let customer = try Self.customer(from: row, stores: stores, schema: attributeSchema, today: today)
                let keys = customer.identifiers.map { "\($0.field):\($0.normalised)" }
                if let repeated = keys.first(where: seen.contains) {
                    throw PatronError.invalid(field: String(repeated.prefix { $0 != ":" }), message: "the same \(repeated.prefix { $0 != ":" }) appears earlier in the file")
                }
                keys.forEach { seen.insert($0) }
                batch.append((record.line, customer))
            } catch let error as PatronError {
                rejections.append(Rejection(line: record.line, field: error.field, reason: error.message))
            }
            if batch.count >= batchSize { try await flush() }
        }
        try await flush()
        try await SQLAuditLog(database).append([AuditEvent(actor: actor, action: "customers.imported", resourceType: "customer",
                                                          details: ["source": source, "imported": String(imported),
                                                                    "rejected": String(rejections.count)])])
        let elapsed = ContinuousClock.now - started
        return Report(imported: imported, rejections: rejections.sorted { $0.line < $1.line },
                      seconds: Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18)
    }

    /// Writes one batch; rows whose identifier already exists in the database are rejected, the rest stored
    /// together in one transaction.
    func write(_ batch: [(Int, Customer)], repository: SQLCustomerRepository, source: String, actor: AuditEvent.Actor,
               rejections: inout [Rejection]) async throws -> Int {
        var indexes: [String: [(column: String, value: String)]] = [:]
        for (_, customer) in batch {
            indexes[customer.id.uuidString] = customer.identifiers.map { repository.indexColumn($0) }
        }
        let lookups = indexes.values.flatMap { $0 }
        let existing = try await database.read { sql -> [String: UUID] in
            var found: [String: UUID] = [:]
            for column in ["mobile_bidx", "email_bidx", "wechat_unionid_bidx"] {
                let values = lookups.filter { $0.column == column }.map(\.value)
                guard !values.isEmpty else { continue }
                for row in try await sql.select().column("id").column(SQLIdentifier(column)).from("customers")
                    .where(SQLIdentifier(column), .in, SQLBind.group(values)).all() {
                    found[column + ":" + (try row.decode(column: column, as: String.self))] = try row.decode(column: "id", as: UUID.self)
                }
            }
            return found
        }
        var accepted: [Customer] = []
        for (line, customer) in batch {
            if let clash = indexes[customer.id.uuidString]?.first(where: { existing[$0.column + ":" + $0.value] != nil }) {
                let field = clash.column.replacingOccurrences(of: "_bidx", with: "")
                rejections.append(Rejection(line: line, field: field,
                                            reason: "the \(field) already belongs to customer \(existing[clash.column + ":" + clash.value]!.uuidString.lowercased())"))
            } else {
                accepted.append(customer)
            }
        }
        guard !accepted.isEmpty else { return 0 }
        let rows = accepted
        let changes = accepted.map {
            CustomerChange(customerId: $0.id, at: $0.createdAt, actor: actor, channel: "import", field: "profile", oldValue: nil,
                           newValue: "imported from \(source)")
        }
        do {
            try await database.transaction { sql in
                try await repository.insert(rows, on: sql)
                try await SQLCustomerRepository.insert(changes, on: sql)
            }
            return rows.count
        } catch {
            // Someone registered one of these identifiers meanwhile: store row by row, rejecting only the clash.
            var stored = 0
            for ((line, customer), change) in zip(batch.filter { pair in rows.contains { $0.id == pair.1.id } }, changes) {
                do {
                    try await database.transaction { sql in
                        try await repository.requireUnique(customer, on: sql)
                        try await repository.insert([customer], on: sql)
                        try await SQLCustomerRepository.insert([change], on: sql)
                    }
                    stored += 1
                } catch let error as PatronError {
                    rejections.append(Rejection(line: line, field: error.field, reason: error.message))
                }
            }
            return stored
        }
    }

    static func customer(from row: [String: String], stores: [String: Store.ID], schema: CustomerAttributeSchema,
                         today: CalendarDay) throws(PatronError) -> Customer {
        func value(_ key: String) -> String? { row[key].flatMap { $0.isEmpty ? nil : $0 } }
        var attributes: [String: AttributeValue] = [:]
        for definition in schema.attributes {
            guard let raw = value("attr.\(definition.name.lowercased())") else { continue }
            switch definition.type {
            case .string: attributes[definition.name] = .string(raw)
            case .integer:
                guard let number = Int(raw) else { throw .invalid(field: "attr.\(definition.name)", message: "\(definition.name) must be an integer") }
                attributes[definition.name] = .integer(number)
            case .boolean:
                guard let flag = Bool(raw.lowercased()) else { throw .invalid(field: "attr.\(definition.name)", message: "\(definition.name) must be true or false") }
                attributes[definition.name] = .boolean(flag)
            }
        }
        var store: Store.ID?
        if let code = value("preferred_store") {
            guard let id = stores[code] else { throw .invalid(field: "preferred_store", message: "there is no store with code \(code)") }
            store = id
        }
        var gender: Customer.Gender?
        if let raw = value("gender") {
            guard let parsed = Customer.Gender(rawValue: raw) else {
                throw .invalid(field: "gender", message: "gender must be one of \(Customer.Gender.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            gender = parsed
        }
        // A file without the column came from one import; a file with it states each row's channel, as the API must.
        var source = Customer.SourceChannel.import
        if row["source_channel"] != nil {
            guard let raw = value("source_channel") else { throw .invalid(field: "source_channel", message: "source_channel is required") }
            guard let parsed = Customer.SourceChannel(rawValue: raw) else {
                throw .invalid(field: "source_channel", message: "source_channel must be one of \(Customer.SourceChannel.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            source = parsed
        }
        var lunar: Bool?
        if let raw = value("birthday_lunar") {
            guard let flag = Bool(raw.lowercased()) else { throw .invalid(field: "birthday_lunar", message: "birthday_lunar must be true or false") }
            lunar = flag
        }
        let draft = CustomerDraft(name: value("name"), mobile: value("mobile"), email: value("email"), gender: gender,
                                  birthday: value("birthday"), birthdayIsLunar: lunar, address: value("address"), preferredStoreId: store,
                                  sourceChannel: source, wechatUnionId: value("wechat_unionid"), wechatOpenId: value("wechat_openid"),
                                  posMemberNumber: value("pos_member_number"),
                                  tags: value("tags").map { $0.split(separator: ";").map(String.init) }, notes: value("notes"),
                                  attributes: attributes.isEmpty ? nil : attributes)
        let customer = try draft.makeCustomer()
        try customer.validate(today: today, schema: schema)
        return customer
    }

    func storeCodes() async throws -> [String: Store.ID] {
        try await database.read { sql in
            var codes: [String: Store.ID] = [:]
            for row in try await sql.select().column("id").column("code").from("stores").all() {
                codes[try row.decode(column: "code", as: String.self)] = try row.decode(column: "id", as: UUID.self)
            }
            return codes
        }
    }
}
