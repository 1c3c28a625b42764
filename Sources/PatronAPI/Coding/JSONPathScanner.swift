/// Finds the JSON path of a value the decoder or the database would refuse without saying where: a number
/// no integer field can hold (a fraction, an exponent, a value past 64 bits), which the decoder reports only
/// as "not valid JSON", and a string holding a NUL character, which PostgreSQL cannot store. Answers nil
/// when there is none or the text is not JSON at all.
enum JSONPathScanner {
    static func firstNonInteger(in bytes: [UInt8]) -> String? {
        var scanner = Scanner(bytes: bytes, lookingFor: .nonInteger)
        return (try? scanner.value(path: "")) ?? nil
    }

    static func firstStringWithNUL(in bytes: [UInt8]) -> String? {
        var scanner = Scanner(bytes: bytes, lookingFor: .nul)
        return (try? scanner.value(path: "")) ?? nil
    }

    private enum Target { case nonInteger, nul }

    private struct Invalid: Error {}

    private struct Scanner {
        let bytes: [UInt8]
        let lookingFor: Target
        var index = 0

        init(bytes: [UInt8], lookingFor: Target) {
            self.bytes = bytes
            self.lookingFor = lookingFor
        }

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
                let text = try string()
                return lookingFor == .nul && text.lowercased().contains("\\u0000") ? path : nil
            case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
                let start = index
                while index < bytes.count, "+-.eE0123456789".utf8.contains(bytes[index]) { index += 1 }
                let token = String(decoding: bytes[start..<index], as: UTF8.self)
                return lookingFor == .nonInteger && Int64(token) == nil ? path : nil
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
