import Hummingbird

/// Orders: list with filters, detail, return and exchange forms.
extension Console {
    func registerOrderPages<Context: RequestContext>(on group: RouterGroup<Context>) {}
}
