import Foundation
import PatronCore
import SQLKit

/// Bulk import of POS history from JSON Lines. Each order passes the same checks as `POST /orders`
/// (`OrderService.checked`); orders already stored (same store and POS number, same content) are skipped, so an
/// interrupted import is simply run again. Orders are written in batches, each batch one transaction, so an
/// order is stored whole or not at all, whenever the process stops.
public struct OrderImport: Sendable {
    let database: Database
    let cipher: FieldCipher
    let batchSize: Int
    let events: DomainEvents

    public init(database: Database, cipher: FieldCipher, batchSize: Int = 500, events: DomainEvents = .standard) {
        self.database = database
        self.cipher = cipher
        self.batchSize = batchSize
        self.events = events
    }

    /// One line of the file: an order as a POS exports it. Stores may be named by code, customers by mobile.
    public struct Record: Codable, Sendable {
        public var storeCode: String?
        public var storeId: UUID?
        public var posNumber: String
        public var channel: SalesChannel?
        public var customerId: UUID?
        public var customerMobile: String?
        public var occurredAt: Date
        public var currency: String?
        public var orderDiscount: Int64?
        public var lines: [Line]
        public var payments: [PaymentRecord]

        public struct Line: Codable, Sendable {
            public var sku: String
            public var quantity: Int
            public var unitPrice: Int64
            public var discount: Int64?
        }

        public struct PaymentRecord: Codable, Sendable {
            public var method: PaymentMethod
            public var amount: Int64
        }
    }

    public struct Progress: Sendable {
        public var rowsRead: Int
        public var imported: Int
        public var skipped: Int
        public var rejected: Int
    }

    public struct Report: Sendable {
        public var imported: Int
        public var skipped: Int
        public var rejections: [CustomerImport.Rejection]
        public var seconds: Double
    }

    public func run(_ path: String, progress: @Sendable (Progress) -> Void = { _ in }) async throws -> Report {
        let started = ContinuousClock.now
        let stores = try await storeIndex()
        let products = CachedProducts(skus: try await productIndex())
        let customers = SQLCustomerRepository(database, cipher: cipher)
        let service = OrderService(orders: SQLOrderRepository(database), stores: CachedStores(stores: stores.byId),
                                   customers: customers, staff: SQLStaffRepository(database), products: products)
        var rejections: [CustomerImport.Rejection] = []
        var batch: [(Int, Order)] = []
        var (read, imported, skipped) = (0, 0, 0)
        var seen = Set<String>()

        func flush() async throws {
            guard !batch.isEmpty else { return }
            let (stored, already) = try await write(batch, rejections: &rejections)
            imported += stored
            skipped += already
            batch.removeAll(keepingCapacity: true)
            progress(Progress(rowsRead: read, imported: imported, skipped: skipped, rejected: rejections.count))
        }

        for try await (number, parsed) in Self.records(path) {
            read += 1
            do {
                let record = try parsed.get()
                var order = try order(from: record, stores: stores.byCode)
                if order.customerId == nil, let mobile = record.customerMobile {
                    guard let customer = try await customers.find(.mobile(MobileNumber(mobile))) else {
                        throw PatronError.invalid(field: "customerMobile", message: "no customer has this mobile")
                    }
                    order.customerId = customer.id
                }
                order = try await service.checked(order, by: .system("patron import orders"))
                guard seen.insert("\(order.storeId)|\(order.posNumber)").inserted else {
                    throw PatronError.invalid(field: "posNumber", message: "order \(order.posNumber) appears earlier in the file")
                }
                batch.append((number, order))
            } catch let error as PatronError {
                rejections.append(.init(line: number, field: error.field, reason: error.message))
            }
            if batch.count >= batchSize { try await flush() }
        }
        try await flush()
        let elapsed = ContinuousClock.now - started
        return Report(imported: imported, skipped: skipped, rejections: rejections,
                      seconds: Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18)
    }

    /// Stores the batch through the same write path as `POST /orders/batch`.
    func write(_ batch: [(Int, Order)], rejections: inout [CustomerImport.Rejection]) async throws -> (stored: Int, skipped: Int) {
        let outcomes = try await SQLOrderRepository(database, events: events).ingestBatch(
            batch.map(\.1), audit: AuditEvent(actor: .init(kind: .system, id: nil, name: "patron import orders"), action: "orders.imported",
                                              resourceType: "order", details: ["first": batch.first!.1.posNumber, "last": batch.last!.1.posNumber]))
        var (stored, skipped) = (0, 0)
        for ((line, _), outcome) in zip(batch, outcomes) {
            switch outcome {
            case .created: stored += 1
            case .existing: skipped += 1
            case .rejected(let error): rejections.append(.init(line: line, field: error.field, reason: error.message))
            }
        }
        return (stored, skipped)
    }

    /// The file's orders with the line each starts on: JSON Lines, or CSV with one row per order line where
    /// consecutive rows of the same store and POS number form one order.
    static func records(_ path: String) -> AsyncThrowingStream<(Int, Result<Record, PatronError>), any Error> {
        AsyncThrowingStream { continuation in
            let task = Task {
                do {
                    if path.lowercased().hasSuffix(".csv") {
                        for item in try csvRecords(path) { continuation.yield(item) }
                    } else {
                        let decoder = JSONDecoder()
                        decoder.dateDecodingStrategy = .iso8601
                        for try await (number, line) in LineReader(path: path) where !line.allSatisfy(\.isWhitespace) {
                            do {
                                continuation.yield((number, .success(try decoder.decode(Record.self, from: Data(line.utf8)))))
                            } catch {
                                continuation.yield((number, .failure(.invalid(field: nil, message: "not an order: \(describe(error))"))))
                            }
                        }
                    }
                    continuation.finish()
                } catch {
                    continuation.finish(throwing: error)
                }
            }
            continuation.onTermination = { _ in task.cancel() }
        }
    }

    static let csvColumns = ["store_code", "pos_number", "channel", "occurred_at", "customer_mobile", "currency", "sku", "quantity",
                             "unit_price", "line_discount", "order_discount", "payments"]

    static func csvRecords(_ path: String) throws -> [(Int, Result<Record, PatronError>)] {
        var iterator = try CSVReader(contentsOf: path).makeIterator()
        guard let header = iterator.next()?.fields.map({ $0.trimmingCharacters(in: .whitespaces).lowercased() }) else { return [] }
        try CSVReader.requireDistinct(header)
        if let unknown = header.first(where: { !csvColumns.contains($0) }) {
            throw PatronError.invalid(field: unknown, message: "unknown column '\(unknown)'; allowed: \(csvColumns.joined(separator: ", "))")
        }
        var result: [(Int, Result<Record, PatronError>)] = []
        var current: (line: Int, key: String, record: Record)?
        func close() {
            if let current { result.append((current.line, .success(current.record))) }
            current = nil
        }
        while let row = iterator.next() {
            guard row.fields.count == header.count else {
                close()
                result.append((row.line, .failure(.invalid(field: nil, message: "expected \(header.count) fields, found \(row.fields.count)"))))
                continue
            }
            let value = Dictionary(zip(header, row.fields.map { $0.trimmingCharacters(in: .whitespaces) }), uniquingKeysWith: { first, _ in first })
            do {
                let key = (value["store_code"] ?? "") + "|" + (value["pos_number"] ?? "")
                guard let quantity = Int(value["quantity"] ?? ""), let price = Int64(value["unit_price"] ?? "") else {
                    throw PatronError.invalid(field: "quantity", message: "quantity and unit_price must be integers")
                }
                let line = Record.Line(sku: value["sku"] ?? "", quantity: quantity, unitPrice: price,
                                       discount: Int64(value["line_discount"] ?? "") ?? 0)
                if current?.key == key {
                    current!.record.lines.append(line)
                    continue
                }
                close()
                guard let when = try? Date(value["occurred_at"] ?? "", strategy: .iso8601) else {
                    throw PatronError.invalid(field: "occurred_at", message: "occurred_at must be an ISO 8601 time, e.g. 2026-03-01T10:30:00Z")
                }
                var payments: [Record.PaymentRecord] = []
                for part in (value["payments"] ?? "").split(separator: ";") {
                    let pieces = part.split(separator: ":")
                    guard pieces.count == 2, let method = PaymentMethod(rawValue: String(pieces[0])), let amount = Int64(pieces[1]) else {
                        throw PatronError.invalid(field: "payments", message: "payments look like wechat_pay:12900;cash:100")
                    }
                    payments.append(.init(method: method, amount: amount))
                }
                let channel = value["channel"].flatMap { $0.isEmpty ? nil : SalesChannel(rawValue: $0) }
                let record = Record(storeCode: value["store_code"], storeId: nil, posNumber: value["pos_number"] ?? "", channel: channel,
                                    customerId: nil, customerMobile: value["customer_mobile"].flatMap { $0.isEmpty ? nil : $0 },
                                    occurredAt: when, currency: value["currency"].flatMap { $0.isEmpty ? nil : $0 },
                                    orderDiscount: Int64(value["order_discount"] ?? ""), lines: [line], payments: payments)
                current = (row.line, key, record)
            } catch let error as PatronError {
                close()
                result.append((row.line, .failure(error)))
            }
        }
        close()
        return result
    }

    func order(from record: Record, stores: [String: Store.ID]) throws(PatronError) -> Order {
        let store: Store.ID
        if let id = record.storeId { store = id } else if let code = record.storeCode {
            guard let id = stores[code] else { throw .invalid(field: "storeCode", message: "there is no store with code \(code)") }
            store = id
        } else {
            throw .invalid(field: "storeCode", message: "name the store by storeCode or storeId")
        }
        var currency = CurrencyCode.cny
        if let code = record.currency { currency = try CurrencyCode(code) }
        return Order(storeId: store, posNumber: record.posNumber, channel: record.channel ?? .store, customerId: record.customerId,
                     occurredAt: record.occurredAt, currency: currency,
                     lines: record.lines.map { OrderLine(sku: $0.sku, productId: nil, quantity: $0.quantity, unitPriceMinor: $0.unitPrice,
                                                         discountMinor: $0.discount ?? 0) },
                     orderDiscountMinor: record.orderDiscount ?? 0,
                     payments: record.payments.map { Payment(method: $0.method, amountMinor: $0.amount) })
    }

    static func describe(_ error: any Error) -> String {
        guard let decoding = error as? DecodingError else { return "malformed JSON" }
        switch decoding {
        case .keyNotFound(let key, _): return "\(key.stringValue) is missing"
        case .typeMismatch(_, let context), .valueNotFound(_, let context), .dataCorrupted(let context):
            let path = context.codingPath.map(\.stringValue).joined(separator: ".")
            return path.isEmpty ? "malformed JSON" : "\(path) has the wrong type or value"
        @unknown default: return "malformed JSON"
        }
    }

    func storeIndex() async throws -> (byCode: [String: Store.ID], byId: [Store.ID: Store]) {
        try await database.read { sql in
            let stores = try await sql.select().column("*").from("stores").all().map(SQLStoreRepository.decode)
            return (Dictionary(uniqueKeysWithValues: stores.map { ($0.code, $0.id) }), Dictionary(uniqueKeysWithValues: stores.map { ($0.id, $0) }))
        }
    }

    func productIndex() async throws -> [String: Product.ID] {
        try await database.read { sql in
            var index: [String: Product.ID] = [:]
            for row in try await sql.select().column("id").column("sku").from("products").all() {
                index[try row.decode(column: "sku", as: String.self)] = try row.decode(column: "id", as: UUID.self)
            }
            return index
        }
    }
}

/// The catalogue as it stood when the import began, read once instead of once per order.
struct CachedProducts: ProductRepository {
    let skus: [String: Product.ID]
    func list(_ page: PageRequest) async throws -> Page<Product> { Page(items: [], nextCursor: nil) }
    func search(_ query: ProductQuery, page: PageRequest) async throws -> Page<Product> { Page(items: [], nextCursor: nil) }
    func ids(forSKUs skus: [String]) async throws -> [String: Product.ID] { self.skus.filter { skus.contains($0.key) } }
    func find(_ id: Product.ID) async throws -> Product? { nil }
    func find(sku: String) async throws -> Product? { nil }
    func save(_ product: Product, isNew: Bool, audit: AuditEvent) async throws { throw PatronError.forbidden(message: "read-only") }
    func categories() async throws -> [ProductCategory] { [] }
    func save(_ category: ProductCategory, isNew: Bool, audit: AuditEvent) async throws { throw PatronError.forbidden(message: "read-only") }
}

/// The stores as they stood when the import began.
struct CachedStores: StoreRepository {
    let stores: [Store.ID: Store]
    func create(_ store: Store, audit: AuditEvent) async throws { throw PatronError.forbidden(message: "read-only") }
    func update(_ store: Store, audit: AuditEvent) async throws { throw PatronError.forbidden(message: "read-only") }
    func find(_ id: Store.ID) async throws -> Store? { stores[id] }
    func list(_ page: PageRequest) async throws -> Page<Store> { Page(items: Array(stores.values), nextCursor: nil) }
}

/// Reads a text file line by line without loading it whole, numbering lines from 1.
struct LineReader: AsyncSequence {
    typealias Element = (Int, String)
    let path: String

    struct AsyncIterator: AsyncIteratorProtocol {
        let handle: FileHandle?
        var buffer: [UInt8] = []
        var position = 0
        var number = 0
        var finished = false

        mutating func next() async throws -> (Int, String)? {
            guard let handle else { return nil }
            while true {
                if let newline = buffer[position...].firstIndex(of: 0x0A) {
                    defer { position = newline + 1 }
                    number += 1
                    return (number, String(decoding: buffer[position..<newline], as: UTF8.self))
                }
                if finished {
                    guard position < buffer.count else { return nil }
                    defer { position = buffer.count }
                    number += 1
                    return (number, String(decoding: buffer[position...], as: UTF8.self))
                }
                buffer.removeFirst(position)
                position = 0
                let chunk = handle.readData(ofLength: 1 << 20)
                if chunk.isEmpty { finished = true } else { buffer.append(contentsOf: chunk) }
            }
        }
    }

    func makeAsyncIterator() -> AsyncIterator {
        AsyncIterator(handle: FileHandle(forReadingAtPath: path))
    }
}
