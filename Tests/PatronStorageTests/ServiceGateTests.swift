import Foundation
import PatronCore
import PatronStorage
import PatronTestSupport
import Testing

/// The services are the only gate: every public method of every domain service refuses a caller without the
/// permission, and a store-scoped caller acting on another store's record, by itself — so the JSON API and
/// the staff console, which call the same services, cannot diverge. The walk is checked against the
/// services' source, so a method added without a gate step fails here.
struct ServiceGateTests {
    @Test func theWalkCoversEveryPublicServiceMethod() throws {
        let declared = try PublicMethods.ofServices()
        #expect(!declared.isEmpty, "no services found under \(PublicMethods.coreSources.path)")
        for (service, methods) in declared {
            let expected = methods.filter { !ServiceGateWalk.ignored.contains("\(service).\($0)") }
            let walked = Set(ServiceGateWalk.steps[service]?.keys.map { $0 } ?? [])
            #expect(expected.subtracting(walked).isEmpty, "\(service) has public methods the gate walk does not try: \(expected.subtracting(walked).sorted())")
            #expect(walked.subtracting(expected).isEmpty, "the gate walk names \(service) methods that no longer exist: \(walked.subtracting(expected).sorted())")
        }
        let unknown = Set(ServiceGateWalk.steps.keys).subtracting(declared.keys)
        #expect(unknown.isEmpty, "the gate walk names services that do not exist: \(unknown.sorted())")
    }

    @Test func everyMethodRefusesACallerWithoutThePermission() async throws {
        try await TestDatabase.with { database in
            let fixture = try await ServiceGateFixture(database)
            for (service, methods) in ServiceGateWalk.steps {
                for (method, step) in methods {
                    guard case .required(let call) = step.permission else { continue }
                    await Self.expectForbidden("\(service).\(method) without the permission") { try await call(fixture) }
                }
            }
        }
    }

    @Test func everyStoreBoundMethodRefusesAnotherStoresRecord() async throws {
        try await TestDatabase.with { database in
            let fixture = try await ServiceGateFixture(database)
            for (service, methods) in ServiceGateWalk.steps {
                for (method, step) in methods {
                    switch step.storeScope {
                    case .refused(let call):
                        await Self.expectForbidden("\(service).\(method) on another store's record") { try await call(fixture) }
                    case .filtered(let onlyOwnStore):
                        #expect(try await onlyOwnStore(fixture), "\(service).\(method) shows a store-scoped caller another store's records")
                    case .notStoreBound:
                        continue
                    }
                }
            }
        }
    }

    /// The refusals above must not be refusals of everything: the same calls go through for the system.
    @Test func theFixtureCallersAreRefusedForTheRightReason() async throws {
        try await TestDatabase.with { database in
            let fixture = try await ServiceGateFixture(database)
            let services = fixture.services
            _ = try await services.staff.find(fixture.staffB.id, by: ServiceGateFixture.system)
            _ = try await services.orders.find(fixture.orderB.id, by: ServiceGateFixture.system)
            _ = try await services.roles.list(by: ServiceGateFixture.system)
            _ = try await services.catalogue.categories(by: ServiceGateFixture.system)
            let own = try await services.sales.place(ServiceGateWalk.sale(fixture, in: fixture.storeA.id), by: fixture.managerOfA, requestId: nil)
            guard case .created(let order) = own else { Issue.record("store A's manager could not sell in store A"); return }
            _ = try await services.orders.find(order.id, by: fixture.managerOfA)
            #expect(try await services.staff.list(try PageRequest(limit: 200), by: ServiceGateFixture.system).items
                .contains { $0.homeStoreId == fixture.storeB.id })
        }
    }

    static func expectForbidden(_ what: String, _ body: () async throws -> Void) async {
        do {
            try await body()
            Issue.record("\(what) was allowed")
        } catch let error as PatronError {
            guard case .forbidden = error else {
                Issue.record("\(what) answered \(error.code) (\(error.message)), not forbidden")
                return
            }
        } catch {
            Issue.record("\(what) failed with \(error), not forbidden")
        }
    }
}
