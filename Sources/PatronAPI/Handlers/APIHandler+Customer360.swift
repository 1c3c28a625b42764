import Foundation
import PatronCore
import PatronOpenAPI
import PatronStorage

extension APIHandler {
    func getCustomerSummary(_ input: Operations.GetCustomerSummary.Input) async throws -> Operations.GetCustomerSummary.Output {
        let summary = try await services.summary.summary(of: try uuid(input.path.customerId, field: "customerId"), by: caller)
        return .ok(.init(body: .json(.init(summary))))
    }

    func getCustomerTimeline(_ input: Operations.GetCustomerTimeline.Input) async throws -> Operations.GetCustomerTimeline.Output {
        let kinds = input.query.kinds.map { Set($0.compactMap { TimelineEntry.Kind(rawValue: $0.rawValue) }) }
        let page = try await services.timeline.timeline(of: try uuid(input.path.customerId, field: "customerId"),
                                                        before: try input.query.cursor.map(TimelineCursor.init(token:)),
                                                        limit: input.query.limit ?? 50, kinds: kinds, by: caller)
        return .ok(.init(body: .json(.init(items: page.entries.map(Components.Schemas.TimelineEntry.init), nextCursor: page.nextCursor?.token))))
    }
}

extension Components.Schemas.TimelineEntry {
    init(_ entry: TimelineEntry) {
        self.init(kind: .init(rawValue: entry.kind.rawValue) ?? .order, id: entry.id, at: entry.at, storeId: entry.storeId?.apiString,
                  summary: String(entry.summary.prefix(500)),
                  attributes: .init(additionalProperties: entry.attributes.mapValues { String($0.prefix(500)) }))
    }
}

extension Components.Schemas.CustomerSummary {
    init(_ summary: CustomerSummary) {
        self.init(profile: .init(summary.profile), membership: .init(summary.membership),
                  recentOrders: summary.recentOrders.map(Components.Schemas.Order.init),
                  openTickets: summary.openTickets.map(Components.Schemas.TimelineEntry.init),
                  recentInteractions: summary.recentInteractions.map(Components.Schemas.TimelineEntry.init),
                  consents: summary.consents.current.map(Components.Schemas.Consent.init))
    }
}
