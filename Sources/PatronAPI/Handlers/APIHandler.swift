import Foundation
import Logging
import PatronCore
import PatronOpenAPI
import PatronStorage
import Prometheus

/// Implements the generated `APIProtocol`: one extension per resource maps DTOs to domain services and back.
struct APIHandler: APIProtocol {
    let database: Database
    let metrics: PrometheusCollectorRegistry
    let login: LoginService
    let staff: any StaffRepository
    let staffService: StaffService
    let roles: RoleService
    let stores: StoreService
    let catalogue: CatalogueService
    let apiKeys: APIKeyService
    let apiKeyRepository: any APIKeyRepository
    let audit: AuditQueries
    let orders: OrderQueries
    let customers: CustomerService
    let sales: OrderService
    let membership: MembershipService

    var caller: Caller { get throws { try RequestScope.requireCaller() } }
    var requestId: String? { RequestScope.requestId }

    /// Parses a path or query id, naming the parameter when it is not a UUID.
    func uuid(_ value: String, field: String) throws(PatronError) -> UUID {
        guard let id = UUID(uuidString: value) else { throw .invalid(field: field, message: "\(field) must be a UUID") }
        return id
    }
}

extension UUID {
    /// The lower-case form used in every API response.
    var apiString: String { uuidString.lowercased() }
}
