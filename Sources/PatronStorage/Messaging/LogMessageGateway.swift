import Foundation
import Logging
import PatronCore

/// The embedded default gateway: records that a message would have gone, with its id, channel and purpose
/// only — the address and the text are personal data and never reach the log.
public struct LogMessageGateway: MessageGateway {
    let logger: Logger

    public init(logger: Logger) {
        self.logger = logger
    }

    public func send(_ message: OutboundMessage) async throws -> MessageReceipt {
        logger.info("message sent through the log gateway", metadata: [
            "message.id": "\(message.id.uuidString.lowercased())", "message.channel": "\(message.channel.rawValue)",
            "message.purpose": "\(message.purpose.rawValue)",
        ])
        return MessageReceipt(messageId: message.id, reference: "log", sentAt: Date())
    }
}
