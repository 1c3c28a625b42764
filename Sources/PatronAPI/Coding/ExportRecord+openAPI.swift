import Foundation
import OpenAPIRuntime
import PatronCore

extension CustomerExport {
    /// A module's records as the export's free-form objects; times in RFC 3339 like every other time. Numbers
    /// go in as `Int`, the integer type the free-form container accepts (it refuses `Int64`).
    func objects(_ section: Section) throws -> [OpenAPIObjectContainer] {
        let formatter = ISO8601DateFormatter()
        return try (sections[section] ?? []).map { record in
            try OpenAPIObjectContainer(unvalidatedValue: record.fields.mapValues { value -> (any Sendable)? in
                switch value {
                case .text(let text): text
                case .integer(let number): Int(exactly: number) ?? String(number)
                case .flag(let flag): flag
                case .time(let date): formatter.string(from: date)
                case .null: nil
                }
            })
        }
    }
}
