import Foundation
import Logging
import PatronCore

/// One JSON object per line on stderr — what log shippers parse without configuration. Messages and
/// metadata pass `LogRedaction` on the way out; callers keep personal data out of both.
struct JSONLogHandler: LogHandler {
    let label: String
    var logLevel: Logger.Level = .info
    var metadata: Logger.Metadata = [:]

    init(label: String) { self.label = label }

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        var fields: [String: String] = [
            "ts": Date().formatted(.iso8601.year().month().day().time(includingFractionalSeconds: true)),
            "level": event.level.rawValue,
            "logger": label,
            "msg": LogRedaction.redact(event.message.description),
        ]
        for (key, value) in metadata.merging(event.metadata ?? [:], uniquingKeysWith: { $1 }) {
            fields[key] = LogRedaction.redact("\(value)")
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        guard var encoded = try? encoder.encode(fields) else { return }
        encoded.append(0x0A)
        FileHandle.standardError.write(encoded)
    }
}
