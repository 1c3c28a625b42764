import Foundation
import PatronCore

/// RFC 4180 CSV: quoted fields may hold commas, quotes ("") and line breaks. Yields each record with the line
/// on which it starts, so rejected rows can be reported by line. A UTF-8 byte-order mark is skipped.
public struct CSVReader: Sequence, Sendable {
    let text: String

    public init(text: String) {
        self.text = text.hasPrefix("\u{FEFF}") ? String(text.dropFirst()) : text
    }

    public init(contentsOf path: String) throws {
        self.init(text: try String(contentsOfFile: path, encoding: .utf8))
    }

    public struct Record: Sendable, Equatable {
        public var line: Int
        public var fields: [String]
    }

    public func makeIterator() -> AnyIterator<Record> {
        var scalars = text.unicodeScalars.makeIterator()
        var pending = scalars.next()
        var line = 1
        return AnyIterator {
            guard pending != nil else { return nil }
            let start = line
            var fields: [String] = []
            var field = String.UnicodeScalarView()
            var quoted = false
            while let scalar = pending {
                pending = scalars.next()
                if quoted {
                    if scalar == "\"" {
                        if pending == "\"" { field.append("\""); pending = scalars.next() } else { quoted = false }
                    } else {
                        if scalar == "\n" { line += 1 }
                        field.append(scalar)
                    }
                    continue
                }
                switch scalar {
                case "\"" where field.isEmpty: quoted = true
                case ",": fields.append(String(field)); field = .init()
                case "\r": continue
                case "\n":
                    line += 1
                    fields.append(String(field))
                    return Record(line: start, fields: fields)
                default: field.append(scalar)
                }
            }
            fields.append(String(field))
            return fields == [""] ? nil : Record(line: start, fields: fields)
        }
    }
}

extension CSVReader {
    /// A field holding a NUL character is refused with its row: PostgreSQL cannot store one.
    public static func requireNoNUL(_ fields: [String], names: [String]) throws(PatronError) {
        if let index = fields.firstIndex(where: { $0.unicodeScalars.contains("\u{0}") }) {
            let name = index < names.count ? names[index] : nil
            throw .invalid(field: name, message: "\(name ?? "a field") must not hold a NUL character")
        }
    }

    /// A header that names a column twice is refused as a whole: which of the two values counts would be a guess.
    public static func requireDistinct(_ names: [String]) throws(PatronError) {
        var seen = Set<String>()
        for name in names where !seen.insert(name).inserted {
            throw .invalid(field: name, message: "the header names the column '\(name)' twice")
        }
    }
}
