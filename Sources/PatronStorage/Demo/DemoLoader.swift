import Foundation
import Logging
import PatronCore
import SQLKit

/// Loads the seeded demo chain into an empty database through the same validation and repositories as
/// live data, so the demo exercises the real write paths. It also creates one account per default role
/// (`admin`, `sh001.manager`, `cs.agent`, …), all with the demo password, so each department's view can be tried.
public struct DemoLoader: Sendable {
    let database: Database
    let cipher: FieldCipher
    let hasher: any PasswordHasher
    let logger: Logger

    public init(database: Database, cipher: FieldCipher, hasher: any PasswordHasher = BcryptPasswordHasher(), logger: Logger) {
        self.database = database
        self.cipher = cipher
        self.hasher = hasher
        self.logger = logger
    }

    public struct Summary: Sendable, Equatable {
        public var stores, products, customers, orders, staff: Int

        public init(stores: Int, products: Int, customers: Int, orders: Int, staff: Int) {
            (self.stores, self.products, self.customers, self.orders, self.staff) = (stores, products, customers, orders, staff)
        }
    }

    /// True when no store, customer, order or staff member exists yet.
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
        let staff = Self.staff(for: data.stores)
        let hash = try await hasher.hash(adminPassword)
        let customers = SQLCustomerRepository(database, cipher: cipher)
        try await database.transaction { sql in
            try await SQLStoreRepository.insert(data.stores, on: sql)
            try await Self.loadSLA(for: data.stores, on: sql)
            try await SQLProductRepository.insert(categories: data.categories, on: sql)
            try await SQLProductRepository.insert(data.products, on: sql)
            try await customers.insert(data.customers, on: sql)
            for chunk in data.orders.chunked(into: 1_000) {
                let outcomes = try await SQLOrderRepository.ingest(Array(chunk), on: sql, events: .standard)
                guard outcomes.allSatisfy({ if case .created = $0 { true } else { false } }) else {
                    throw PatronError.conflict(field: nil, message: "the demo generator produced a duplicate POS number")
                }
            }
            for member in staff {
                try await SQLStaffRepository.insertBootstrap(member, passwordHash: hash, on: sql)
            }
            try await SQLAuditLog.insert([AuditEvent(actor: .init(kind: .system, id: nil, name: "demo"), action: "demo.loaded",
                                                     details: ["seed": String(options.seed), "customers": String(data.customers.count)])],
                                         on: sql)
        }
        if options.serviceData {
            let service = try await DemoServiceData(database: database, cipher: cipher).load(data, options: options, staff: staff)
            logger.info("loaded demo customer service", metadata: ["interactions": "\(service.interactions)", "tickets": "\(service.tickets)",
                                                                   "surveyAnswers": "\(service.surveyAnswers)"])
        }
        let summary = Summary(stores: data.stores.count, products: data.products.count,
                              customers: data.customers.count, orders: data.orders.count, staff: staff.count)
        logger.info("loaded demo data", metadata: ["stores": "\(summary.stores)", "products": "\(summary.products)",
                                                   "customers": "\(summary.customers)", "orders": "\(summary.orders)",
                                                   "staff": "\(summary.staff)"])
        return summary
    }

    /// One account per default role; store roles in the Shanghai flagship and Beijing stores.
    static func staff(for stores: [Store]) -> [StaffMember] {
        var generator = SeededGenerator(seed: 42)
        let shanghai = stores.first { $0.code == "SH-001" }?.id
        let beijing = stores.first { $0.code == "BJ-001" }?.id
        let seeds: [(String, String, StaffMember.Department, Store.ID?, String)] = [
            ("admin", "系统管理员 Administrator", .administration, nil, "administrator"),
            ("sh001.manager", "王店长 (上海南京西路店)", .storeManagement, shanghai, "store_manager"),
            ("sh001.sales", "李导购 (上海南京西路店)", .sales, shanghai, "sales_associate"),
            ("bj001.manager", "赵店长 (北京三里屯店)", .storeManagement, beijing, "store_manager"),
            ("bj001.sales", "陈导购 (北京三里屯店)", .sales, beijing, "sales_associate"),
            ("cs.agent", "刘客服", .customerService, nil, "customer_service_agent"),
            ("cs.supervisor", "周客服主管", .customerService, nil, "customer_service_supervisor"),
            ("marketing", "吴市场经理", .marketing, nil, "marketing_manager"),
            ("purchasing", "郑采购经理", .purchasing, nil, "purchasing_manager"),
            ("analyst", "孙数据分析师", .marketing, nil, "analyst"),
            ("auditor", "钱审计员", .administration, nil, "auditor"),
        ]
        return seeds.map { username, name, department, store, role in
            StaffMember(id: generator.uuid(), username: username, displayName: name, department: department,
                        homeStoreId: store, roles: [role])
        }
    }
}
