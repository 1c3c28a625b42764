import Foundation

extension TimelineCursor {
    /// The cursor as clients carry it: base64url of `seconds|kind|id`, the time as the exact `Double` since the
    /// reference date so that a tie on the same instant still pages without skipping or repeating.
    public var token: String {
        let text = "\(at.timeIntervalSinceReferenceDate)|\(kind.rawValue)|\(id)"
        return Data(text.utf8).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
    }

    /// Reads a token made by `token`, refusing anything else as an invalid `cursor`.
    public init(token: String) throws(PatronError) {
        let invalid = PatronError.invalid(field: "cursor", message: "cursor is not one this server issued")
        guard token.count <= 200 else { throw invalid }
        var base64 = token.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        base64 += String(repeating: "=", count: (4 - base64.count % 4) % 4)
        guard let data = Data(base64Encoded: base64), let text = String(data: data, encoding: .utf8) else { throw invalid }
        let parts = text.split(separator: "|", maxSplits: 2, omittingEmptySubsequences: false)
        guard parts.count == 3, let seconds = Double(parts[0]), seconds.isFinite,
              let kind = TimelineEntry.Kind(rawValue: String(parts[1])), !parts[2].isEmpty, parts[2].count <= 64 else { throw invalid }
        self.init(at: Date(timeIntervalSinceReferenceDate: seconds), kind: kind, id: String(parts[2]))
    }
}
