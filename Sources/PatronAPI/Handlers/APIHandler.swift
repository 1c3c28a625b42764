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
    /// The one composition root: handlers reach the domain only through its services, which check the
    /// caller themselves, so the API can do nothing the console could not and vice versa.
    let services: PatronServices

    var caller: Caller { get throws { try RequestScope.requireCaller() } }
    var requestId: String? { RequestScope.requestId }

    /// Parses a path or query id, naming the parameter when it is not a UUID.
    /// Exactly 36 characters of hex digits and dashes: Foundation's parser stops at a NUL byte, so
    /// `<uuid>%00junk` would otherwise name the same record.
    func uuid(_ value: String, field: String) throws(PatronError) -> UUID {
        guard value.utf8.count == 36, value.utf8.allSatisfy({ $0 == UInt8(ascii: "-") || $0.isHexDigit }),
              let id = UUID(uuidString: value) else { throw .invalid(field: field, message: "\(field) must be a UUID") }
        return id
    }
}

extension UUID {
    /// The lower-case form used in every API response.
    var apiString: String { uuidString.lowercased() }
}

extension UInt8 {
    var isHexDigit: Bool {
        (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(self) || (UInt8(ascii: "a")...UInt8(ascii: "f")).contains(self)
            || (UInt8(ascii: "A")...UInt8(ascii: "F")).contains(self)
    }
}
