import Foundation

/// Everything Patron holds about one person, for a data-subject access request (PIPL art. 45, GDPR art. 15).
/// Assembled in the domain so every entry point hands over the same set; kinds of records that later modules
/// add (interactions, tickets, surveys, messages) join here.
public struct CustomerExport: Sendable {
    public var exportedAt: Date
    public var profile: Customer
    public var consents: [ConsentRecord]
    /// Newest first.
    public var orders: [Order]
    /// Newest first.
    public var history: [CustomerChange]
    /// The whole points ledger, oldest first.
    public var points: [PointsEntry]
    /// What the service modules hold (interactions, tickets, survey answers), each module's records as it
    /// registered them for the export.
    public var sections: [Section: [ExportRecord]] = [:]

    public enum Section: String, Sendable, CaseIterable {
        case interactions
        case tickets
        case surveyAnswers
    }
}

/// One record a module holds about the person, flattened for the export: field name to value, decrypted.
public struct ExportRecord: Sendable, Equatable {
    public var fields: [String: ExportValue]

    public init(_ fields: [String: ExportValue]) {
        self.fields = fields
    }
}

public enum ExportValue: Sendable, Equatable, Encodable {
    case text(String)
    case integer(Int64)
    case flag(Bool)
    case time(Date)
    case null

    /// As the API writes it: a time in RFC 3339 whatever the encoder's date strategy, so the console's download
    /// and the API's export carry one format.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .text(let text): try container.encode(text)
        case .integer(let number): try container.encode(number)
        case .flag(let flag): try container.encode(flag)
        case .time(let date): try container.encode(date.formatted(.iso8601))
        case .null: try container.encodeNil()
        }
    }
}
