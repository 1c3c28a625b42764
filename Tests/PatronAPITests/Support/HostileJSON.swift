import Foundation

/// A JSON text built token by token, so that a test can send what a JSON encoder never would: integers past
/// 64 bits, `1e400`, lone surrogate escapes.
indirect enum HostileJSON {
    case object([(String, HostileJSON)])
    case array([HostileJSON])
    case string(String)
    /// Emitted verbatim: numbers, `true`, `null`, or a string literal with hand-made escapes.
    case raw(String)

    var text: String {
        switch self {
        case .object(let members):
            return "{" + members.map { Self.quoted($0.0) + ":" + $0.1.text }.joined(separator: ",") + "}"
        case .array(let items):
            return "[" + items.map(\.text).joined(separator: ",") + "]"
        case .string(let value):
            return Self.quoted(value)
        case .raw(let token):
            return token
        }
    }

    static func quoted(_ value: String) -> String {
        var result = "\""
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            case "\n": result += "\\n"
            case "\r": result += "\\r"
            case "\t": result += "\\t"
            case _ where scalar.value < 0x20: result += String(format: "\\u%04x", scalar.value)
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result + "\""
    }
}

/// Values chosen to break arithmetic, parsers and storage: the integer edges the issue names, numbers that
/// are not integers, long and odd strings.
enum HostileValues {
    static let integers: [String] = [
        "0", "1", "-1", "2147483648", "-2147483648", "9007199254740992", "-9007199254740992",
        "4611686018427387904", "-4611686018427387904", "9223372036854775807", "-9223372036854775808",
        "9223372036854775808", "1099511627776", "1.5", "1e400", "-0", "100000", "100001", "1000000000000", "1000000000001",
    ]

    static let strings: [HostileJSON] = [
        .string(""), .string(" "), .string(String(repeating: "长", count: 300)), .string(String(repeating: "a", count: 1_500)),
        .string("\u{0000}"), .string("a\u{0000}b"), .string("\u{202E}evil\u{202C}"), .string("👩‍👩‍👧‍👦🏳️‍🌈"),
        .string("e\u{0301}\u{0301}\u{0301}"), .string("\u{FEFF}\u{200B}"), .string("' OR 1=1 --"), .string("<script>alert(1)</script>"),
        .string("%00%ff"), .string("../../etc/passwd"), .string("NaN"), .string("2026-13-45T25:61:61Z"),
        .raw("\"\\ud800\""), .raw("\"\\udfff x\""), .string("张伟"), .string("+86 138 0013 8000"),
    ]

    static let dates: [HostileJSON] = [
        .string("2026-11-24T22:06:25.250Z"), .string("2026-11-24T22:06:25Z"), .string("2026-11-25T06:06:25+08:00"),
        .string("0000-01-01T00:00:00Z"), .string("9999-12-31T23:59:59Z"), .string("2026-02-30T10:00:00Z"), .string("yesterday"),
        .raw("1732486000"),
    ]
}
