/// Finds the JSON path of the first number in a body that no integer field can hold — a fraction, an
/// exponent, or a value past 64 bits — because the JSON decoder reports such a number only as "not valid
/// JSON", without saying where. Answers nil when the text is not JSON at all.
enum JSONNumberLocator {
    static func firstNonInteger(in bytes: [UInt8]) -> String? {
        var scanner = Scanner(bytes: bytes)
        guard let found = try? scanner.value(path: "") else { return nil }
        return found
    }

    private struct Invalid: Error {}

    private struct Scanner {
        let bytes: [UInt8]
        var index = 0

        mutating func skipSpace() {
            while index < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[index]) { index += 1 }
        }

        /// Scans one value; answers the path of the first offending number inside it, if any.
        mutating func value(path: String) throws -> String? {
            skipSpace()
            guard index < bytes.count else { throw Invalid() }
            switch bytes[index] {
            case UInt8(ascii: "{"):
                index += 1
                var found: String?
                skipSpace()
                if index < bytes.count, bytes[index] == UInt8(ascii: "}") { index += 1; return nil }
                while true {
                    skipSpace()
                    let key = try string()
                    skipSpace()
                    guard index < bytes.count, bytes[index] == UInt8(ascii: ":") else { throw Invalid() }
                    index += 1
                    let inner = try value(path: path.isEmpty ? key : path + "." + key)
                    found = found ?? inner
                    skipSpace()
                    guard index < bytes.count else { throw Invalid() }
                    if bytes[index] == UInt8(ascii: ",") { index += 1; continue }
                    guard bytes[index] == UInt8(ascii: "}") else { throw Invalid() }
                    index += 1
                    return found
                }
            case UInt8(ascii: "["):
                index += 1
                var found: String?
                var position = 0
                skipSpace()
                if index < bytes.count, bytes[index] == UInt8(ascii: "]") { index += 1; return nil }
                while true {
                    let inner = try value(path: path + "[\(position)]")
                    found = found ?? inner
                    position += 1
                    skipSpace()
                    guard index < bytes.count else { throw Invalid() }
                    if bytes[index] == UInt8(ascii: ",") { index += 1; continue }
                    guard bytes[index] == UInt8(ascii: "]") else { throw Invalid() }
                    index += 1
                    return found
                }
            case UInt8(ascii: "\""):
                _ = try string()
                return nil
            case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
                let start = index
                while index < bytes.count, "+-.eE0123456789".utf8.contains(bytes[index]) { index += 1 }
                let token = String(decoding: bytes[start..<index], as: UTF8.self)
                return Int64(token) == nil ? path : nil
            default:
                for literal in ["true", "false", "null"] where bytes[index...].starts(with: literal.utf8) {
                    index += literal.utf8.count
                    return nil
                }
                throw Invalid()
            }
        }

        mutating func string() throws -> String {
            guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else { throw Invalid() }
            index += 1
            let start = index
            while index < bytes.count, bytes[index] != UInt8(ascii: "\"") {
                index += bytes[index] == UInt8(ascii: "\\") ? 2 : 1
            }
            guard index < bytes.count else { throw Invalid() }
            defer { index += 1 }
            return String(decoding: bytes[start..<index], as: UTF8.self)
        }
    }
}
