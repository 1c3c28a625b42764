import Foundation
import PatronCore
import PatronStorage

/// A small chain on a migrated database, built through the services themselves: two stores, a catalogue, a
/// customer, an order and a staff member of store B, a custom role and an API key, and the callers the gate
/// walk tries: one who holds nothing, an API key, and a manager scoped to store A.
struct ServiceGateFixture: Sendable {
    let services: PatronServices
    let storeA: Store
    let storeB: Store
    let category: ProductCategory
    let product: Product
    let customer: Customer
    let orderB: Order
    let staffB: StaffMember
    let apiKey: APIKey
    let role: Role

    /// A signed-in staff member without a single permission.
    let nobody: Caller
    /// An integration holding every scope: staff-only operations must still refuse it.
    let integration: Caller
    /// A store manager of store A, holding every store-bound permission there and none elsewhere.
    let managerOfA: Caller

    static let system = Caller.system("service gate test")

    init(_ database: Database) async throws {
        let cipher = try await FieldCipher.load(.random(), database: database)
        let services = try await PatronServices(database: database, cipher: cipher, hasher: BcryptPasswordHasher(cost: 4),
                                                signIn: .init(addresses: nil))
        let system = Self.system
        self.services = services
        storeA = try await services.stores.create(Store(code: "GATE-A", name: "甲店", city: "上海", region: "华东"), by: system, requestId: nil)
        storeB = try await services.stores.create(Store(code: "GATE-B", name: "乙店", city: "北京", region: "华北"), by: system, requestId: nil)
        category = try await services.catalogue.save(ProductCategory(code: "gate", nameZh: "门", nameEn: "Gate"), by: system, requestId: nil)
        (product, _) = try await services.catalogue.save(
            Product(sku: "GATE-1", nameZh: "门票", nameEn: "Ticket", categoryId: category.id, brand: nil,
                    listPrice: Money(minorUnits: 1_000, currency: .cny)), by: system, requestId: nil)
        guard case .created(let customer) = try await services.customers.create(
            CustomerDraft(name: "门测试", mobile: "13800138000", sourceChannel: .store), upsert: false, by: system, requestId: nil) else {
            throw FixtureFailure(what: "customer")
        }
        self.customer = customer
        guard case .created(let order) = try await services.sales.place(
            Self.sale(in: storeB.id, number: "GATE-B-1", product: product, customer: customer.id), by: system, requestId: nil) else {
            throw FixtureFailure(what: "order")
        }
        orderB = order
        staffB = try await services.staff.create(
            .init(username: "gate.b.sales", displayName: "乙店导购", department: .sales, homeStoreId: storeB.id,
                  roles: ["sales_associate"], password: "a-long-gate-password"), by: system, requestId: nil)
        apiKey = try await services.apiKeys.create(name: "gate pos", scopes: ["orders.read"], storeId: nil, expiresAt: nil,
                                                   by: system, requestId: nil).key
        role = try await services.roles.create(Role(name: "gate_keeper", nameZh: "门卫", nameEn: "Gate keeper",
                                                    permissions: [.ordersRead], storeScoped: false), by: system, requestId: nil)

        let plain = StaffMember(username: "gate.nobody", displayName: "无权", department: .sales)
        nobody = Caller(identity: .staff(plain), grants: Grants(everywhere: []))
        integration = Caller(identity: .apiKey(apiKey), grants: Grants(everywhere: Set(Permission.allCases)))
        let manager = StaffMember(username: "gate.a.manager", displayName: "甲店店长", department: .storeManagement, homeStoreId: storeA.id)
        managerOfA = Caller(identity: .staff(manager),
                            grants: Grants(everywhere: Set(Permission.allCases.filter { !$0.isStoreBound }),
                                           inHomeStore: Set(Permission.allCases.filter(\.isStoreBound)), homeStoreId: storeA.id))
    }

    /// A one-line cash sale of `product`.
    static func sale(in store: Store.ID, number: String, product: Product, customer: Customer.ID? = nil) -> Order {
        Order(storeId: store, posNumber: number, channel: .store, customerId: customer, occurredAt: Date().addingTimeInterval(-60),
              lines: [OrderLine(sku: product.sku, productId: nil, quantity: 1, unitPriceMinor: product.listPrice.minorUnits)],
              payments: [Payment(method: .cash, amountMinor: product.listPrice.minorUnits)])
    }

    /// Returning the first line of store B's order.
    var returnOfB: OrderReturn {
        OrderReturn(orderId: orderB.id, lines: [.init(lineNumber: 1, quantity: 1)],
                    refunds: [Payment(method: .cash, amountMinor: product.listPrice.minorUnits)], reason: "gate test")
    }

    struct FixtureFailure: Error { let what: String }
}
