import Hummingbird

/// Catalogue, stores, staff and roles, API keys, audit log, membership programme and liability.
extension Console {
    func registerAdminPages<Context: RequestContext>(on group: RouterGroup<Context>) {}
}
