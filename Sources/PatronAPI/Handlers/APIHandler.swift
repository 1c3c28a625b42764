import Foundation
import Logging
import PatronCore
import PatronOpenAPI
import PatronStorage
import Prometheus

/// Implements the generated `APIProtocol`: one extension per resource maps DTOs to domain calls and back.
struct APIHandler: APIProtocol {
    let database: Database
    let stores: any StoreRepository
    let products: any ProductRepository
    let staff: any StaffRepository
    let metrics: PrometheusCollectorRegistry
    let sessionLifetime: Duration
}
