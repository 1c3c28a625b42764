import Hummingbird

/// Customer create and edit, merge with preview, export download and erase with typed confirmation.
extension Console {
    func registerCustomerActionPages<Context: RequestContext>(on group: RouterGroup<Context>) {}
}
