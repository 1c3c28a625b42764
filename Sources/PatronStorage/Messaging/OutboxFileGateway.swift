import Foundation
import PatronCore

/// A gateway for test and staging systems: each message is appended as one JSON line to a file, the way a
/// mail catcher keeps e-mail, so a walk-through or an integrator can read the link a customer would get. The
/// file holds addresses and text — personal data — so it is for systems without real customers, and is
/// created readable by its owner only.
public actor OutboxFileGateway: MessageGateway {
    let path: String

    public init(path: String) throws {
        self.path = path
        if !FileManager.default.fileExists(atPath: path) {
            guard FileManager.default.createFile(atPath: path, contents: nil, attributes: [.posixPermissions: 0o600]) else {
                throw PatronError.invalid(field: "outbox", message: "cannot create the message outbox file at \(path)")
            }
        }
    }

    public func send(_ message: OutboundMessage) async throws -> MessageReceipt {
        let receipt = MessageReceipt(messageId: message.id, reference: "outbox-file", sentAt: Date())
        let line: [String: String?] = [
            "id": message.id.uuidString.lowercased(), "channel": message.channel.rawValue, "purpose": message.purpose.rawValue,
            "customerId": message.customerId?.uuidString.lowercased(), "recipient": message.recipient, "subject": message.subject,
            "body": message.body, "language": message.language, "sentAt": ISO8601DateFormatter().string(from: receipt.sentAt),
        ]
        var data = try JSONSerialization.data(withJSONObject: line.compactMapValues { $0 }, options: [.sortedKeys, .withoutEscapingSlashes])
        data.append(0x0A)
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        defer { try? handle.close() }
        try handle.seekToEnd()
        try handle.write(contentsOf: data)
        return receipt
    }
}
