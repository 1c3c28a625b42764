import Foundation
import HTTPTypes
import NIOCore
import NIOHTTP1
import OpenAPIRuntime

/// Recognises a request that failed because its client went away (the connection closed, the task was
/// cancelled). Such a request is the client's doing, not a server fault: it is answered, counted and logged
/// as 499 "client closed request" at debug level, never as a 500.
enum ClientDisconnect {
    static let status = HTTPResponse.Status(code: 499, reasonPhrase: "Client Closed Request")

    static func caused(_ error: any Error) -> Bool {
        if Task.isCancelled || error is CancellationError { return true }
        if let error = error as? ServerError { return caused(error.underlyingError) }
        if let error = error as? HTTPParserError { return error == .invalidEOFState }
        if let error = error as? ChannelError {
            switch error {
            case .ioOnClosedChannel, .alreadyClosed, .eof, .inputClosed, .outputClosed: return true
            default: return false
            }
        }
        if let error = error as? IOError { return [ECONNRESET, EPIPE, ECONNABORTED].contains(error.errnoCode) }
        return false
    }
}
