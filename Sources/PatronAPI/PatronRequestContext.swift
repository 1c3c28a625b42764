import Hummingbird
import NIOCore

/// Hummingbird's basic request context plus the peer's address, which per-address sign-in limits need.
/// In-process router tests have no peer, so the address is nil there.
struct PatronRequestContext: RequestContext, RemoteAddressRequestContext {
    var coreContext: CoreRequestContextStorage
    let remoteAddress: SocketAddress?

    init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        remoteAddress = source.channel.remoteAddress
    }
}
