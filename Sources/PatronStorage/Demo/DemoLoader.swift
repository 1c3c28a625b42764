import Foundation
import Logging
import PatronCore
import SQLKit

/// Loads the seeded demo chain into an empty database through the same validation and repositories as
/// live data, so the demo exercises the real write paths.
public struct DemoLoader: Sendable {
    let database: Database
    let cipher: FieldCipher
    let logger: Logger

    public init(database: Database, cipher: FieldCipher, logger: Logger) {
        self.database = database
        self.cipher = cipher
        self.logger = logger
    }

    public struct Summary: Sendable, Equatable {
        public var stores, products, customers, orders: Int

        public init(stores: Int, products: Int, customers: Int, orders: Int) {
            (self.stores, self.products, self.customers, self.orders) = (stores, products, customers, orders)
        }
    }

    /// True when no store, customer or order exists yet.
    public func databaseIsEmpty() async throws -> Bool {
        try await database.read { sql in
            for table in ["stores", "customers", "orders", "staff"] {
                let row = try await sql.raw("SELECT count(*) AS n FROM \(ident: table)").first()
                if try row?.decode(column: "n", as: Int.self) ?? 0 > 0 { return false }
            }
            return true
        }
    }

    public func load(_ options: DemoDataSet.Options, adminPassword: String) async throws -> Summary {
        guard try await databaseIsEmpty() else {
            throw PatronError.conflict(field: nil, message: "demo data goes only into an empty database; this one already holds data")
        }
        let data = DemoDataSet.generate(options)
        for order in data.orders { try order.validate() }
        let customers = SQLCustomerRepository(database, cipher: cipher)
        try await database.transaction { sql in
            try await SQLStoreRepository.insert(data.stores, on: sql)
            try await SQLProductRepository.insert(categories: data.categories, on: sql)
            try await SQLProductRepository.insert(data.products, on: sql)
            try await customers.insert(data.customers, on: sql)
            try await SQLOrderRepository().insert(data.orders, on: sql)
        }
        let admin = StaffMember(username: "admin", displayName: "系统管理员 Administrator", department: .administration)
        try await SQLStaffRepository(database).create(admin, passwordHash: try await Credentials.hashPassword(adminPassword))
        let summary = Summary(stores: data.stores.count, products: data.products.count,
                              customers: data.customers.count, orders: data.orders.count)
        logger.info("loaded demo data", metadata: ["stores": "\(summary.stores)", "products": "\(summary.products)",
                                                   "customers": "\(summary.customers)", "orders": "\(summary.orders)"])
        return summary
    }
}
