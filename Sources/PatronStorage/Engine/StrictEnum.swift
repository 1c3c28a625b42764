import SQLKit

/// A stored value this binary does not know: corruption or a newer schema. Reading it is an error (a 500
/// with this text in the log), never a silent default such as "cash".
struct UnknownStoredValue: Error, CustomStringConvertible {
    let column: String
    let value: String
    let type: String

    var description: String { "column \(column) holds '\(value.prefix(40))', which is not a known \(type)" }
}

extension SQLRow {
    /// Decodes a stored enum strictly.
    func decodeEnum<Value: RawRepresentable>(column: String, as type: Value.Type = Value.self) throws -> Value where Value.RawValue == String {
        let raw = try decode(column: column, as: String.self)
        guard let value = Value(rawValue: raw) else { throw UnknownStoredValue(column: column, value: raw, type: "\(Value.self)") }
        return value
    }

    /// Decodes a stored enum strictly where NULL means none.
    func decodeEnumIfPresent<Value: RawRepresentable>(column: String, as type: Value.Type = Value.self) throws -> Value? where Value.RawValue == String {
        guard let raw = try decode(column: column, as: String?.self) else { return nil }
        guard let value = Value(rawValue: raw) else { throw UnknownStoredValue(column: column, value: raw, type: "\(Value.self)") }
        return value
    }
}
